package dev.dkg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class IdentityOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        IdentityOptions options;

        @Override
        public void run() {
            options.trust();
            options.identity(Role.KEYGEN_SERVER);
        }
    }

    private Path passwordFile(String password) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, password + "\n");
        return file;
    }

    @Test
    void parsesTheThreeOptionsAndLoadsIdentityAndTrust() throws Exception {
        TestPki.WrittenIdentity files = TestPki.writeFiles(dir, "kim", Role.KEYGEN_SERVER, "pw".toCharArray());
        Probe probe = new Probe();

        int code = new CommandLine(probe).execute("--identity", files.p12().toString(),
                "--password-file", passwordFile("pw").toString(), "--trust", files.caPem().toString());

        assertThat(code).isZero();
        Identity kim = probe.options.identity(Role.KEYGEN_SERVER);
        assertThat(kim.name()).isEqualTo("kim");
        assertThat(kim.role()).isEqualTo(Role.KEYGEN_SERVER);
        assertThat(probe.options.trust().caCertificate()).isEqualTo(TestPki.ca().certificate());
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() throws Exception {
        TestPki.WrittenIdentity files = TestPki.writeFiles(dir, "kim", Role.KEYGEN_SERVER, "pw".toCharArray());
        IdentityOptions options = IdentityOptions.of(files.p12(), passwordFile("not it"), files.caPem());

        assertThatThrownBy(() -> options.identity(Role.KEYGEN_SERVER)).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.VERIFICATION);
            assertThat(e.getMessage()).isEqualTo("wrong password or damaged file: " + files.p12());
        });
    }

    @Test
    void refusesAnIdentityOfAnotherRoleNamingBoth() throws Exception {
        TestPki.WrittenIdentity files = TestPki.writeFiles(dir, "holder1", Role.SHARE_HOLDER, "pw".toCharArray());
        IdentityOptions options = IdentityOptions.of(files.p12(), passwordFile("pw"), files.caPem());

        assertThatThrownBy(() -> options.identity(Role.DEALER)).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.VERIFICATION);
            assertThat(e.getMessage()).isEqualTo("identity " + files.p12() + " has role share-holder, not dealer");
            assertThat(e.hint()).contains("pki issue --role dealer");
        });
        assertThat(options.identity(Role.SHARE_HOLDER).name()).isEqualTo("holder1");
    }

    @Test
    void missingIdentityFileIsAnIoError() throws Exception {
        IdentityOptions options = IdentityOptions.of(dir.resolve("absent.p12"), passwordFile("pw"), dir.resolve("ca.pem"));

        assertThatThrownBy(() -> options.identity(Role.KEYGEN_SERVER)).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.IO);
            assertThat(e.getMessage()).isEqualTo("identity file not found: " + dir.resolve("absent.p12"));
        });
    }

    @Test
    void missingTrustFileIsAnIoError() throws Exception {
        IdentityOptions options = IdentityOptions.of(dir.resolve("x.p12"), passwordFile("pw"), dir.resolve("ca.pem"));

        assertThatThrownBy(options::trust).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.IO);
            assertThat(e.getMessage()).isEqualTo("trust file not found: " + dir.resolve("ca.pem"));
        });
    }

    @Test
    void partyCertificateGivenAsTrustIsRejected() throws Exception {
        TestPki.WrittenIdentity files = TestPki.writeFiles(dir, "kim", Role.KEYGEN_SERVER, "pw".toCharArray());
        IdentityOptions options = IdentityOptions.of(files.p12(), passwordFile("pw"), files.certificatePem());

        assertThatThrownBy(options::trust).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.IO);
            assertThat(e.getMessage()).contains("is not a CA");
        });
    }

    @Test
    void missingRequiredOptionsAreUsageErrors() {
        assertThat(Cli.commandLine("probe", new Probe()).setErr(new java.io.PrintWriter(new java.io.StringWriter()))
                .execute("--identity", "x.p12")).isEqualTo(ExitCode.USAGE);
    }
}
