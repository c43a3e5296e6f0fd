package dev.dkg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The log across real processes: a writer killed with SIGKILL, and a writer in another process. */
class RecordLogProcessTest {
    private static final int ACKNOWLEDGEMENTS_BEFORE_KILL = 300;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void keepsEveryAcknowledgedRecordWhenTheWriterIsKilled() throws Exception {
        Path file = dir.resolve("key_store");
        Path stderr = dir.resolve("child.err");
        Process child = startChild("append", file, stderr);
        long acknowledged = -1;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            while (acknowledged + 1 < ACKNOWLEDGEMENTS_BEFORE_KILL) {
                String line = out.readLine();
                if (line == null) {
                    fail("writer exited early with %s: %s", child.waitFor(), Files.readString(stderr));
                }
                assertThat(Long.parseLong(line)).isEqualTo(acknowledged + 1);
                acknowledged++;
            }
            // Kill while it is still appending: the next record is usually mid-write.
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        try (RecordLog log = RecordLog.open(file)) {
            assertThat(log.size()).isGreaterThan(acknowledged);
            for (long number = 0; number < log.size(); number++) {
                assertThat(log.read(number).payload()).as("record %d", number)
                        .isEqualTo(LogFixtures.largePayload(number));
            }
            long next = log.size();
            assertThat(log.append(LogFixtures.largePayload(next))).isEqualTo(next);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refusesAWriterInAnotherProcessUntilTheHolderCloses() throws Exception {
        Path file = dir.resolve("key_store");
        try (RecordLog holder = RecordLog.open(file)) {
            holder.append(LogFixtures.payload(0));
            Process refused = startChild("open", file, dir.resolve("refused.err"));
            List<String> lines = outputOf(refused);
            assertThat(refused.exitValue()).isEqualTo(RecordLogChild.REFUSED);
            assertThat(lines).singleElement().asString()
                    .contains(file.getFileName().toString())
                    .contains("locked by another process");
            assertThat(holder.append(LogFixtures.payload(1))).isEqualTo(1);
        }
        Process allowed = startChild("open", file, dir.resolve("allowed.err"));
        assertThat(outputOf(allowed)).containsExactly("opened 2");
        assertThat(allowed.exitValue()).isZero();
    }

    private static Process startChild(String mode, Path file, Path stderr) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                RecordLogChild.class.getName(), mode, file.toString())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())))
                .start();
    }

    private static List<String> outputOf(Process process) throws Exception {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = out.lines().toList();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            return lines;
        }
    }

    private static String nullDevice() {
        return System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null";
    }
}
