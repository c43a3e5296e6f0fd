package dev.dkg.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OTP parameters a key's purpose names. */
class OtpParametersTest {

    @Test
    void aPurposeOfTheOtpFormNamesAlgorithmDigitsAndStep() {
        assertThat(OtpParameters.forPurpose("otp-sha256-8-60"))
                .isEqualTo(new OtpParameters(OtpAlgorithm.SHA256, 8, Duration.ofSeconds(60)));
        assertThat(OtpParameters.forPurpose("otp-sha512-7-86400"))
                .isEqualTo(new OtpParameters(OtpAlgorithm.SHA512, 7, Duration.ofDays(1)));
        assertThat(OtpParameters.forPurpose("otp-sha1-6-1"))
                .isEqualTo(new OtpParameters(OtpAlgorithm.SHA1, 6, Duration.ofSeconds(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"otp", "otp.team", "otpx-sha256-8-60", "vpn", "aes256"})
    void anyOtherPurposeGetsTheAuthenticatorDefaults(String purpose) {
        assertThat(OtpParameters.forPurpose(purpose)).isEqualTo(OtpParameters.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"otp-", "otp-sha256", "otp-sha256-8", "otp-sha265-8-60", "otp-sha256-9-60",
            "otp-sha256-5-60", "otp-sha256-8-0", "otp-sha256-8-060", "otp-sha256-8-86401", "otp-SHA256-8-60",
            "otp-sha256-8-60-x", "otp-team"})
    void aMalformedOtpPurposeIsRefusedRatherThanServedWithGuessedParameters(String purpose) {
        assertThatThrownBy(() -> OtpParameters.forPurpose(purpose))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(purpose)
                .hasMessageContaining("e.g. otp-sha256-8-60");
    }
}
