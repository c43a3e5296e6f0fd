package dev.dkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CliTest {
    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Option(names = "--fail-with")
        String failure;

        @Override
        public void run() {
            try {
                switch (failure == null ? "" : failure) {
                    case "cli" -> throw new CliException(ExitCode.VERIFICATION, "share from bob does not verify", "ask bob");
                    case "refused" -> throw new ConnectException("127.0.0.1:1");
                    case "exists" -> throw new FileAlreadyExistsException("out.bin");
                    case "state" -> throw new IllegalStateException("boom");
                    default -> { }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Cli.commandLine("probe", new Probe());
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void successExitsZeroAndPrintsNothingOnStderr() {
        assertThat(run()).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void cliExceptionPrintsErrorAndHintWithItsExitCode() {
        assertThat(run("--fail-with", "cli")).isEqualTo(ExitCode.VERIFICATION);
        assertThat(err.toString()).isEqualTo(
                "probe: error: share from bob does not verify" + System.lineSeparator()
                        + "probe: hint: ask bob" + System.lineSeparator());
    }

    @Test
    void refusedConnectionMapsToUnreachable() {
        assertThat(run("--fail-with", "refused")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err.toString()).startsWith("probe: error: connection refused");
    }

    @Test
    void existingFileMapsToIoError() {
        assertThat(run("--fail-with", "exists")).isEqualTo(ExitCode.IO);
        assertThat(err.toString()).contains("refusing to overwrite existing file: out.bin");
    }

    @Test
    void unexpectedFailureIsOneLineWithoutStackTrace() {
        assertThat(run("--fail-with", "state")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).startsWith("probe: error: boom").doesNotContain("\tat ");
    }

    @Test
    void unknownOptionIsUsageError() {
        assertThat(run("--nope")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("probe: error: Unknown option: '--nope'")
                .contains("probe: hint: see 'probe --help'");
    }

    @Test
    void passwordFileFirstLineIsThePassword(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pw");
        java.nio.file.Files.writeString(f, "correct horse\nsecond line\n");
        assertThat(new String(PasswordInput.fromFile(f))).isEqualTo("correct horse");
    }

    @Test
    void missingPasswordFileIsIoError(@TempDir Path dir) {
        CliException e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                () -> PasswordInput.fromFile(dir.resolve("absent")));
        assertThat(e.exitCode()).isEqualTo(ExitCode.IO);
        assertThat(e.getMessage()).startsWith("password file not found");
    }
}
