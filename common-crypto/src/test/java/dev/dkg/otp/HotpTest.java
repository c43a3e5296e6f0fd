package dev.dkg.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HotpTest {
    static final byte[] RFC4226_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "counter {0} -> {1}")
    @CsvSource({
        "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314",
        "5, 254676", "6, 287922", "7, 162583", "8, 399871", "9, 520489",
    })
    void matchesRfc4226AppendixD(long counter, String expected) {
        assertThat(Hotp.generate(RFC4226_SECRET, counter, 6, OtpAlgorithm.SHA1)).isEqualTo(expected);
    }

    @Test
    void keepsLeadingZeros() {
        // RFC 6238 row T=1111111109 (SHA-1, 8 digits) is 07081804: the zero must survive.
        assertThat(Hotp.generate(RFC4226_SECRET, 0x23523ECL, 8, OtpAlgorithm.SHA1)).isEqualTo("07081804");
    }

    @Test
    void sevenDigitsAreTheLowDigitsOfTheSameTruncation() {
        String eight = Hotp.generate(RFC4226_SECRET, 3, 8, OtpAlgorithm.SHA1);
        assertThat(Hotp.generate(RFC4226_SECRET, 3, 7, OtpAlgorithm.SHA1)).isEqualTo(eight.substring(1));
        assertThat(Hotp.generate(RFC4226_SECRET, 3, 6, OtpAlgorithm.SHA1)).isEqualTo(eight.substring(2));
    }

    @Test
    void rejectsDigitsOutsideSixToEight() {
        assertThatThrownBy(() -> Hotp.generate(RFC4226_SECRET, 0, 5, OtpAlgorithm.SHA1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6, 7 or 8");
        assertThatThrownBy(() -> Hotp.generate(RFC4226_SECRET, 0, 9, OtpAlgorithm.SHA1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsSecretsShorterThan128Bits() {
        assertThatThrownBy(() -> Hotp.generate(new byte[15], 0, 6, OtpAlgorithm.SHA1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("OTP secret must be at least 16 bytes");
    }

    @Test
    void rejectsNegativeCounter() {
        assertThatThrownBy(() -> Hotp.generate(RFC4226_SECRET, -1, 6, OtpAlgorithm.SHA1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
