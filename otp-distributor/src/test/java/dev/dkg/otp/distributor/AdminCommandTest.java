package dev.dkg.otp.distributor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import dev.dkg.cli.ExitCode;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code otp-distributor admin}: a help desk's actions on a stopped distributor's own state log. */
class AdminCommandTest {
    private static final char[] PASSWORD = "test password".toCharArray();
    private static final String KEY = "5d0c4f1be3a2a9e07c41d3f2b88e6a19";

    @TempDir
    Path dir;

    private TestPki.WrittenIdentity files;
    private Path data;
    private String out;
    private String err;

    @BeforeEach
    void lockedKey() throws Exception {
        files = TestPki.writeFiles(dir.resolve("pki"), DistributorFixture.DISTRIBUTOR, Role.OTP_DISTRIBUTOR, PASSWORD);
        Files.writeString(dir.resolve("pw"), new String(PASSWORD) + "\n");
        data = Files.createDirectories(dir.resolve("data"));
        try (RecordLogVerificationStateStore states = RecordLogVerificationStateStore.open(
                data.resolve(Main.STATE_LOG), DistributorFixture.distributorIdentity())) {
            states.save(KEY, new VerificationState(3, 4, 99, 5, 4_102_444_800_000L));
        }
    }

    private int run(String... command) {
        List<String> args = new ArrayList<>(List.of("--identity", files.p12().toString(), "--password-file",
                dir.resolve("pw").toString(), "--trust", files.caPem().toString(), "--data-dir", data.toString()));
        args.addAll(List.of(command));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = Cli.commandLine("otp-distributor", new Main());
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args.toArray(String[]::new));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private VerificationState stored() throws Exception {
        try (RecordLogVerificationStateStore states = RecordLogVerificationStateStore.open(
                data.resolve(Main.STATE_LOG), DistributorFixture.distributorIdentity())) {
            return states.load(KEY);
        }
    }

    @Test
    void unlockClearsFailuresAndLockOutInTheStateLogAndKeepsTheCounters() throws Exception {
        assertThat(run("admin", "status", KEY)).isZero();
        assertThat(out.strip()).isEqualTo(KEY + "  failures=5 locked-until=2100-01-01T00:00:00Z enabled");
        assertThat(run("admin", "unlock", KEY)).isZero();
        assertThat(out.strip()).isEqualTo(KEY + "  failures=0 unlocked enabled");
        assertThat(stored()).isEqualTo(new VerificationState(3, 4, 99, 0, 0, false));
    }

    @Test
    void resetClearsOnlyTheCountAndDisableEnableToggle() throws Exception {
        assertThat(run("admin", "reset", KEY)).isZero();
        assertThat(stored()).isEqualTo(new VerificationState(3, 4, 99, 0, 4_102_444_800_000L, false));
        assertThat(run("admin", "disable", KEY)).isZero();
        assertThat(stored().disabled()).isTrue();
        assertThat(run("admin", "enable", KEY)).isZero();
        assertThat(stored().disabled()).isFalse();
    }

    @Test
    void aRunningDistributorsDirectoryIsRefusedWithTheWayToDoItOverTheChannel() throws Exception {
        try (RecordLogVerificationStateStore running = RecordLogVerificationStateStore.open(
                data.resolve(Main.STATE_LOG), DistributorFixture.distributorIdentity())) {
            assertThat(run("admin", "unlock", KEY)).isEqualTo(ExitCode.IO);
            assertThat(err).startsWith("otp-distributor: error: the distributor is running on " + data)
                    .contains("otp-requester admin unlock KEY");
            assertThat(running.load(KEY).consecutiveFailures()).isEqualTo(5);
        }
    }

    @Test
    void badActionMissingLogAndForeignIdentityAreOneLineErrors() throws Exception {
        assertThat(run("admin", "fly", KEY)).isEqualTo(ExitCode.USAGE);
        assertThat(err).contains("'fly' is not an action");
        List<String> args = List.of("--identity", files.p12().toString(), "--password-file", dir.resolve("pw").toString(),
                "--trust", files.caPem().toString(), "--data-dir", dir.resolve("nothing").toString(), "admin", "unlock", KEY);
        CommandLine cl = Cli.commandLine("otp-distributor", new Main());
        StringWriter e = new StringWriter();
        cl.setErr(new PrintWriter(e, true));
        assertThat(cl.execute(args.toArray(String[]::new))).isEqualTo(ExitCode.IO);
        assertThat(e.toString()).startsWith("otp-distributor: error: no verification state log at");
        assertThat(stored().consecutiveFailures()).isEqualTo(5);
    }
}
