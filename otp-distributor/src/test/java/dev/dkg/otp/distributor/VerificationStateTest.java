package dev.dkg.otp.distributor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VerificationStateTest {
    private static final VerificationState SAMPLE = new VerificationState(7, 9, 55_555_555, 3, 1_700_000_000_123L);

    @Test
    void roundTripsThroughItsEncoding() {
        assertThat(VerificationState.decode(SAMPLE.encode())).isEqualTo(SAMPLE);
        assertThat(VerificationState.decode(VerificationState.INITIAL.encode())).isEqualTo(VerificationState.INITIAL);
    }

    @Test
    void encodesToTheDocumentedLayout() {
        assertThat(HexFormat.of().formatHex(SAMPLE.encode())).isEqualTo("02"
                + "0000000000000007"
                + "0000000000000009"
                + "00000000034fb5e3"
                + "00000003"
                + "0000018bcfe5687b"
                + "00");
        assertThat(HexFormat.of().formatHex(VerificationState.INITIAL.encode()))
                .isEqualTo("02" + "00".repeat(16) + "ff".repeat(8) + "00".repeat(13));
        assertThat(HexFormat.of().formatHex(SAMPLE.withDisabled(true).encode())).endsWith("0000018bcfe5687b01");
    }

    @Test
    void matchesTheProtocolDocumentsVector() {
        dev.dkg.testing.ProtocolVectors.Vector v = dev.dkg.testing.ProtocolVectors.load().one("otp-state");
        VerificationState state = new VerificationState(v.number("hotp-verify-counter"), v.number("hotp-issue-counter"),
                v.number("last-totp-step"), (int) v.number("failures"), v.number("locked-until"), v.number("disabled") == 1);
        assertThat(state.encode()).isEqualTo(v.hex("state"));
        assertThat(VerificationState.decode(v.hex("state"))).isEqualTo(state);
    }

    @Test
    void readsTheVersionOneLayoutOfEarlierDistributorsAsEnabled() {
        byte[] v1 = HexFormat.of().parseHex("01" + "0000000000000007" + "0000000000000009" + "00000000034fb5e3"
                + "00000003" + "0000018bcfe5687b");
        assertThat(VerificationState.decode(v1)).isEqualTo(SAMPLE);
        byte[] v1WithFlags = Arrays.copyOf(v1, 38);
        assertThatThrownBy(() -> VerificationState.decode(v1WithFlags)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsUnknownFlags() {
        byte[] encoded = SAMPLE.encode();
        encoded[37] = 2;
        assertThatThrownBy(() -> VerificationState.decode(encoded)).hasMessageContaining("unknown flags 2");
    }

    @Test
    void rejectsEveryTruncationAndTrailingBytes() {
        byte[] encoded = SAMPLE.encode();
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThatThrownBy(() -> VerificationState.decode(truncated))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageMatching(".*(must be 38 bytes|is empty|must be 37 bytes).*");
        }
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> VerificationState.decode(longer)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] encoded = SAMPLE.encode();
        encoded[0] = 3;
        assertThatThrownBy(() -> VerificationState.decode(encoded))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown version 3");
    }

    @Test
    void rejectsOutOfRangeFields() {
        int[] offsets = {1, 9, 17, 25, 29};
        for (int offset : offsets) {
            byte[] encoded = SAMPLE.encode();
            // Setting the sign bit makes each field negative; for the TOTP step, -2^63 is below -1.
            encoded[offset] = (byte) 0x80;
            assertThatThrownBy(() -> VerificationState.decode(encoded))
                    .as("field at offset %d", offset).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] minusTwoStep = ByteBuffer.wrap(SAMPLE.encode()).putLong(17, -2).array();
        assertThatThrownBy(() -> VerificationState.decode(minusTwoStep)).isInstanceOf(IllegalArgumentException.class);
    }
}
