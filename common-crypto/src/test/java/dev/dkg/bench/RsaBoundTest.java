package dev.dkg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class RsaBoundTest {
    /** What OpenSSL 3.0 prints (its last lines), with the figure the bench needs in the fifth column. */
    private static final String SPEED_OUTPUT = String.join("\n",
            "version: 3.0.19",
            "CPUINFO: OPENSSL_ia32cap=0xfffa3203078bffff:0x40069c219c07ab",
            "                  sign    verify    sign/s verify/s",
            "rsa 3072 bits 0.002759s 0.000049s    362.5  20580.0", "");

    @Test
    void readsSignRateForTheAskedKeySize() {
        assertThat(RsaBound.signPerSecond(SPEED_OUTPUT, 3072)).isEqualTo(362.5);
        assertThat(RsaBound.signPerSecond(SPEED_OUTPUT, 2048)).isNaN();
        assertThat(RsaBound.signPerSecond("openssl: command not found", 3072)).isNaN();
    }

    @Test
    void boundIsTheFasterImplementationAndTheFasterMoment() {
        RsaBound.Rate before = new RsaBound.Rate(300, 360);
        RsaBound.Rate after = new RsaBound.Rate(390, 350);
        RsaBound.Rate both = before.max(after);
        assertThat(both.provider()).isEqualTo(390);
        assertThat(both.openssl()).isEqualTo(360);
        assertThat(both.fastest()).isEqualTo(390);
        assertThat(new RsaBound.Rate(200, Double.NaN).max(before).openssl()).isEqualTo(360);
        assertThat(new RsaBound.Rate(200, Double.NaN).fastest()).isEqualTo(200);
        assertThat(new RsaBound.Rate(300, 400).fields())
                .isEqualTo("provider_per_s=300.0 openssl_per_s=400.0 provider_openssl_ratio=0.75");
        assertThat(new RsaBound.Rate(300, Double.NaN).fields())
                .isEqualTo("provider_per_s=300.0 openssl_per_s=unavailable provider_openssl_ratio=unavailable");
    }

    @Test
    void measuresOpensslOnThisMachine() throws InterruptedException {
        boolean installed;
        try {
            installed = new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (java.io.IOException e) {
            installed = false;
        }
        assumeTrue(installed, "openssl not installed");
        assertThat(RsaBound.opensslSignPerSecond(2048, 1, 1)).isPositive();
    }
}
