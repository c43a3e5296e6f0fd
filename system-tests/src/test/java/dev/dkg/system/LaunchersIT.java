package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every launcher in scripts/ starts its built executable. */
class LaunchersIT {
    @ParameterizedTest
    @ValueSource(strings = {"pki", "keygen-server", "keygen-client", "otp-distributor", "otp-requester",
            "dealer", "share-holder"})
    void launcherPrintsVersionAndExitsZero(String role) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("project.root"), "scripts", role + ".sh").toString(),
                "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).startsWith(role + " ").contains(", crypto " + Deployment.expectedCrypto());
    }

    @Test
    void environmentForcesTheJdkCryptoProvider() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("project.root"), "scripts", "pki.sh").toString(),
                "--version").redirectErrorStream(true);
        pb.environment().put("DKG_CRYPTO_PROVIDER", "jdk");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).matches("pki \\S+, crypto JDK\\R");
    }
}
