package dev.dkg.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class OtpPropertiesTest {
    private static final Gen<byte[]> BYTES = lists().of(integers().between(0, 255)).ofSizeBetween(0, 80)
            .map(OtpPropertiesTest::toBytes);
    private static final Gen<byte[]> SECRETS = lists().of(integers().between(0, 255)).ofSizeBetween(16, 64)
            .map(OtpPropertiesTest::toBytes);

    private static byte[] toBytes(List<Integer> values) {
        byte[] out = new byte[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).byteValue();
        }
        return out;
    }

    @Test
    void base32DecodeInvertsEncode() {
        qt().forAll(BYTES).checkAssert(bytes -> {
            assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
            assertThat(Base32.decode(Base32.encodePadded(bytes))).isEqualTo(bytes);
        });
    }

    @Test
    void codesAreAlwaysExactlyDigitsLongAndDecimal() {
        qt().forAll(SECRETS, longs().between(0, Long.MAX_VALUE), integers().between(6, 8), integers().between(0, 2))
                .checkAssert((secret, counter, digits, algorithm) ->
                        assertThat(Hotp.generate(secret, counter, digits, OtpAlgorithm.values()[algorithm]))
                                .hasSize(digits).containsOnlyDigits());
    }

    @Test
    void totpIsHotpOfTheTimeStep() {
        qt().forAll(SECRETS, longs().between(0, 4_000_000_000L), integers().between(1, 300))
                .checkAssert((secret, seconds, step) -> {
                    OtpParameters p = new OtpParameters(OtpAlgorithm.SHA256, 6, Duration.ofSeconds(step));
                    assertThat(Totp.generate(secret, Instant.ofEpochSecond(seconds), p))
                            .isEqualTo(Hotp.generate(secret, seconds / step, 6, OtpAlgorithm.SHA256));
                });
    }
}
