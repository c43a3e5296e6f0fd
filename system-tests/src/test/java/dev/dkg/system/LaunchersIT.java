package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every launcher in scripts/ starts its built executable, also through a symlink from another directory. */
class LaunchersIT {
    private static final Path SCRIPTS = Path.of(System.getProperty("project.root"), "scripts").toAbsolutePath();

    @TempDir
    Path dir;

    private static String run(Path cwd, int expectedExit, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isEqualTo(expectedExit);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"pki", "keygen-server", "keygen-client", "otp-distributor", "otp-requester",
            "dealer", "share-holder"})
    void launcherPrintsVersionAndExitsZeroThroughASymlinkFromAnyDirectory(String role) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve(role), SCRIPTS.resolve(role + ".sh"));
        String out = run(dir, 0, link.toString(), "--version");
        assertThat(out).startsWith(role + " ").contains(", crypto " + Deployment.expectedCrypto());
    }

    @Test
    void environmentForcesTheJdkCryptoProvider() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(SCRIPTS.resolve("pki.sh").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("DKG_CRYPTO_PROVIDER", "jdk");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).matches("pki \\S+, crypto JDK\\R");
    }

    @Test
    void aMissingBuildNamesTheRole() throws Exception {
        // The launchers of a checkout that was never built: a copy of scripts/ with no jars beside it.
        Path scripts = Files.createDirectories(dir.resolve("checkout").resolve("scripts"));
        for (String script : new String[] {"launch.sh", "otp-requester.sh"}) {
            Files.copy(SCRIPTS.resolve(script), scripts.resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
        String out = run(dir, 5, scripts.resolve("otp-requester.sh").toString(), "--version");
        assertThat(out).startsWith("otp-requester: error: otp-requester is not built")
                .contains("otp-requester: hint: run 'mvn -B -DskipTests package' in " + dir.resolve("checkout"));
    }

    @Test
    void benchAndFuzzHelpGoToStdoutAndExitZero() throws Exception {
        for (String script : new String[] {"bench.sh", "fuzz.sh"}) {
            Process p = new ProcessBuilder(SCRIPTS.resolve(script).toString(), "--help").start();
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            assertThat(p.waitFor()).as(script + ": " + err).isZero();
            assertThat(out).as(script).startsWith("usage: " + script);
            assertThat(err).as(script).isEmpty();
        }
    }
}
