package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/demo.sh} as a newcomer runs it: every step passes, the summary says so, nothing it started is
 * left running, and an independent scan of its directory finds none of its secrets (password, phrase, sample
 * file, OTP secret, PEM private keys) outside {@code clear/}, where the demo keeps its inputs and outputs, nor
 * in the {@code ps} samples it took while its roles ran.
 */
class DemoIT {
    private static final int STEPS = 17;

    @TempDir
    Path dir;

    @Test
    void demoPassesEveryStepStopsEverythingAndLeaksNothing() throws Exception {
        Path root = Path.of(System.getProperty("project.root")).toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("scripts/demo.sh").toString(), "--dir", dir.toString())
                .directory(dir.toFile());
        pb.environment().remove("JAVA_OPTS");
        try (RoleProcess demo = new RoleProcess("demo", pb.start())) {
            int code = demo.awaitExit(Duration.ofMinutes(8));
            assertThat(code).as(demo.transcript() + logsNamedIn(demo.stdout())).isZero();

            String out = demo.stdout();
            assertThat(out).contains("demo directory: " + dir);
            for (int i = 1; i <= STEPS; i++) {
                assertThat(out).as("step " + i).containsPattern("(?m)^\\[ ?" + i + "/" + STEPS + "\\] .* ok  ");
            }
            assertThat(out).contains("summary").contains("all " + STEPS + " steps ok");
            assertThat(out).doesNotContainPattern("(?m)^\\s+\\d+\\s.*\\s(FAILED|skipped|interrupted)\\s");

            assertThat(processesMentioning(dir)).as("processes the demo left running").isEmpty();

            Map<String, byte[]> secrets = secrets();
            assertThat(new String(Files.readAllBytes(dir.resolve("clear/recovered.txt")), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(dir.resolve("clear/sample.txt")));
            for (Path f : filesOutsideClear()) {
                byte[] content = Files.readAllBytes(f);
                for (Map.Entry<String, byte[]> s : secrets.entrySet()) {
                    assertThat(indexOf(content, s.getValue())).as(s.getKey() + " in " + f).isNegative();
                }
            }
            for (Map.Entry<String, byte[]> s : secrets.entrySet()) {
                assertThat(demo.transcript()).as(s.getKey() + " in the demo's own output")
                        .doesNotContain(new String(s.getValue(), StandardCharsets.UTF_8));
            }

            String ps = Files.readString(dir.resolve("logs/ps-args.txt"));
            assertThat(ps).as("ps samples taken while the roles ran")
                    .contains("share-holder.jar").contains("keygen-server.jar").contains("--password-file");
        }
    }

    /** What must never leave clear/: read from the demo's own inputs and exports, which only clear/ holds. */
    private Map<String, byte[]> secrets() throws IOException {
        Path clear = dir.resolve("clear");
        List<String> sample = Files.readAllLines(clear.resolve("sample.txt"));
        String otpSecret = Files.readAllLines(clear.resolve("otp-export.txt")).stream()
                .filter(l -> l.startsWith("secret: ")).map(l -> l.substring("secret: ".length())).findFirst()
                .orElseThrow();
        assertThat(otpSecret).matches("[A-Z2-7]{16,}");
        return Map.of(
                "the password", utf8(Files.readAllLines(clear.resolve("pw")).get(0)),
                "the phrase", utf8(Files.readAllLines(clear.resolve("phrase.txt")).get(0)),
                "the sample file's first line", utf8(sample.get(0)),
                "a line from the middle of the sample file", utf8(sample.get(sample.size() / 2)),
                "the OTP secret", utf8(otpSecret),
                "a PEM private key", utf8("PRIVATE KEY-----"));
    }

    private List<Path> filesOutsideClear() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> found = new ArrayList<>(files.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(dir.resolve("clear"))).toList());
            assertThat(found).as("the demo's files").anyMatch(f -> f.startsWith(dir.resolve("logs")))
                    .anyMatch(f -> f.startsWith(dir.resolve("data/dealer")))
                    .anyMatch(f -> f.startsWith(dir.resolve("data/share-holder")));
            return found;
        }
    }

    /** The logs a failed step points at ("see FILE"), since the temporary directory goes with the test. */
    private static String logsNamedIn(String out) throws IOException {
        StringBuilder b = new StringBuilder();
        Matcher m = Pattern.compile("(?m)^\\s+see (\\S+)$").matcher(out);
        while (m.find()) {
            Path log = Path.of(m.group(1));
            if (Files.isRegularFile(log)) {
                String text = Files.readString(log);
                b.append("\n--- ").append(log).append(" ---\n").append(text, Math.max(0, text.length() - 4000), text.length());
            }
        }
        return b.toString();
    }

    private static List<String> processesMentioning(Path dir) {
        String needle = dir.toString();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(needle)).toList();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
