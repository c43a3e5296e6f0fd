package dev.dkg.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OtpAuthUriTest {
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void buildsTotpUriWithEveryParameter() {
        OtpAuthUri uri = OtpAuthUri.totp("DKG", "alice", SECRET, OtpParameters.DEFAULT);

        assertThat(uri.reveal()).isEqualTo("otpauth://totp/DKG:alice?secret=" + SECRET_BASE32
                + "&issuer=DKG&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void buildsHotpUriWithCounter() {
        OtpParameters p = new OtpParameters(OtpAlgorithm.SHA512, 8, Duration.ofSeconds(30));
        OtpAuthUri uri = OtpAuthUri.hotp("DKG", "alice", SECRET, p, 42);

        assertThat(uri.reveal()).isEqualTo("otpauth://hotp/DKG:alice?secret=" + SECRET_BASE32
                + "&issuer=DKG&algorithm=SHA512&digits=8&counter=42");
    }

    @Test
    void percentEncodesSpacesColonsAndNonAscii() {
        OtpParameters p = new OtpParameters(OtpAlgorithm.SHA256, 7, Duration.ofSeconds(60));
        OtpAuthUri uri = OtpAuthUri.totp("Acme Co: Ops", "bob@example.com key:1 é", SECRET, p);

        assertThat(uri.reveal()).isEqualTo("otpauth://totp/Acme%20Co%3A%20Ops:bob%40example.com%20key%3A1%20%C3%A9"
                + "?secret=" + SECRET_BASE32
                + "&issuer=Acme%20Co%3A%20Ops&algorithm=SHA256&digits=7&period=60");
    }

    @Test
    void keepsUnreservedCharactersAsTheyAre() {
        assertThat(OtpAuthUri.percentEncode("a-Z_0.9~")).isEqualTo("a-Z_0.9~");
        assertThat(OtpAuthUri.percentEncode("a+b/c?d&e=f#")).isEqualTo("a%2Bb%2Fc%3Fd%26e%3Df%23");
    }

    @Test
    void toStringLeavesTheSecretOut() {
        OtpAuthUri uri = OtpAuthUri.totp("DKG", "alice", SECRET, OtpParameters.DEFAULT);

        assertThat(uri.toString()).doesNotContain(SECRET_BASE32).contains("secret=<redacted>&issuer=DKG");
    }

    @Test
    void rejectsEmptyIssuerOrAccount() {
        assertThatThrownBy(() -> OtpAuthUri.totp(" ", "alice", SECRET, OtpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpAuthUri.totp("DKG", "", SECRET, OtpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
