package dev.dkg.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    private static byte[] seedFor(OtpAlgorithm algorithm) {
        // RFC 6238 Appendix B uses a seed as long as the hash output, repeating "1234567890".
        String ascii = switch (algorithm) {
            case SHA1 -> "12345678901234567890";
            case SHA256 -> "12345678901234567890123456789012";
            case SHA512 -> "1234567890123456789012345678901234567890123456789012345678901234";
        };
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0} at {1} -> {3}")
    @CsvSource({
        "SHA1,   59,          0000000000000001, 94287082",
        "SHA256, 59,          0000000000000001, 46119246",
        "SHA512, 59,          0000000000000001, 90693936",
        "SHA1,   1111111109,  00000000023523EC, 07081804",
        "SHA256, 1111111109,  00000000023523EC, 68084774",
        "SHA512, 1111111109,  00000000023523EC, 25091201",
        "SHA1,   1111111111,  00000000023523ED, 14050471",
        "SHA256, 1111111111,  00000000023523ED, 67062674",
        "SHA512, 1111111111,  00000000023523ED, 99943326",
        "SHA1,   1234567890,  000000000273EF07, 89005924",
        "SHA256, 1234567890,  000000000273EF07, 91819424",
        "SHA512, 1234567890,  000000000273EF07, 93441116",
        "SHA1,   2000000000,  0000000003F940AA, 69279037",
        "SHA256, 2000000000,  0000000003F940AA, 90698825",
        "SHA512, 2000000000,  0000000003F940AA, 38618901",
        "SHA1,   20000000000, 0000000027BC86AA, 65353130",
        "SHA256, 20000000000, 0000000027BC86AA, 77737706",
        "SHA512, 20000000000, 0000000027BC86AA, 47863826",
    })
    void matchesRfc6238AppendixB(OtpAlgorithm algorithm, long unixSeconds, String stepHex, String expected) {
        OtpParameters parameters = new OtpParameters(algorithm, 8, Totp.DEFAULT_STEP);
        Instant now = Instant.ofEpochSecond(unixSeconds);

        assertThat(Totp.timeStep(now, parameters)).isEqualTo(Long.parseLong(stepHex, 16));
        assertThat(Totp.generate(seedFor(algorithm), now, parameters)).isEqualTo(expected);
    }

    @Test
    void stepStartsAtWholeMultiplesOfThePeriod() {
        OtpParameters p = OtpParameters.DEFAULT;
        assertThat(Totp.timeStep(Instant.ofEpochSecond(29, 999_999_999), p)).isZero();
        assertThat(Totp.timeStep(Instant.ofEpochSecond(30), p)).isEqualTo(1);
    }

    @Test
    void secondsLeftCountsDownFromTheStepLengthToOne() {
        OtpParameters p = OtpParameters.DEFAULT;
        assertThat(Totp.secondsLeftInStep(Instant.ofEpochSecond(60), p)).isEqualTo(30);
        assertThat(Totp.secondsLeftInStep(Instant.ofEpochSecond(73), p)).isEqualTo(17);
        assertThat(Totp.secondsLeftInStep(Instant.ofEpochSecond(89, 500_000_000), p)).isEqualTo(1);
    }

    @Test
    void honoursANonDefaultStep() {
        OtpParameters sixty = new OtpParameters(OtpAlgorithm.SHA1, 6, Duration.ofSeconds(60));
        assertThat(Totp.timeStep(Instant.ofEpochSecond(119), sixty)).isEqualTo(1);
    }

    @Test
    void rejectsTimesBeforeTheEpoch() {
        assertThatThrownBy(() -> Totp.timeStep(Instant.ofEpochSecond(-1), OtpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsStepsThatAreNotWholePositiveSeconds() {
        assertThatThrownBy(() -> new OtpParameters(OtpAlgorithm.SHA1, 6, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OtpParameters(OtpAlgorithm.SHA1, 6, Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OtpParameters(OtpAlgorithm.SHA1, 6, Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
