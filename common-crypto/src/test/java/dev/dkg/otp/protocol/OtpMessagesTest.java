package dev.dkg.otp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.dkg.otp.OtpAlgorithm;
import dev.dkg.otp.OtpParameters;
import dev.dkg.wire.WireFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Every OTP message decodes to what was encoded, and nothing else decodes: canonical, bounded, strict. */
class OtpMessagesTest {
    private static final Gen<String> KEY_IDS = strings().betweenCodePoints(0x21, 0x7E).ofLengthBetween(1, 128);
    private static final Gen<OtpMode> MODES = arbitrary().enumValues(OtpMode.class);

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void requestsRoundTrip() {
        qt().forAll(KEY_IDS, MODES, strings().betweenCodePoints('0', '9').ofLengthBetween(0, 16)).checkAssert((keyId, mode, code) -> {
            for (OtpRequest r : List.of(new OtpRequest.Get(keyId, mode), new OtpRequest.Verify(keyId, mode, code),
                    new OtpRequest.Enroll(keyId, mode), new OtpRequest.ListKeys())) {
                try {
                    assertThat(OtpRequest.decode(r.kind(), r.encode())).isEqualTo(r);
                } catch (WireFormatException e) {
                    throw new AssertionError(r + ": " + e.getMessage(), e);
                }
            }
        });
    }

    @Test
    void codeAndVerdictResponsesRoundTrip() {
        qt().forAll(integers().between(6, 8), longs().between(0, Long.MAX_VALUE), integers().between(1, 86400),
                integers().between(0, 99_999_999)).checkAssert((digits, counter, step, value) -> {
            String code = String.format("%0" + digits + "d", value % (int) Math.pow(10, digits));
            int secondsValid = 1 + (int) (counter % step);
            for (OtpResponse r : List.of(new OtpResponse.Code(OtpMode.TOTP, code, counter, secondsValid, step),
                    new OtpResponse.Code(OtpMode.HOTP, code, counter, 0, 0),
                    new OtpResponse.Verdict(OtpResponse.Outcome.ACCEPTED, null),
                    new OtpResponse.Verdict(OtpResponse.Outcome.REJECTED, Instant.ofEpochMilli(1 + (counter >>> 24))),
                    new OtpResponse.Verdict(OtpResponse.Outcome.LOCKED_OUT, Instant.ofEpochMilli(1 + (counter >>> 24))))) {
                try {
                    assertThat(OtpResponse.decode(r.kind(), r.encode())).isEqualTo(r);
                } catch (WireFormatException e) {
                    throw new AssertionError(r + ": " + e.getMessage(), e);
                }
            }
        });
    }

    @Test
    void keyListRoundTripsWithEveryAlgorithmAndOperationSet() throws Exception {
        List<OtpResponse.KeyEntry> entries = new java.util.ArrayList<>();
        int i = 0;
        for (OtpAlgorithm a : OtpAlgorithm.values()) {
            for (int bits = 0; bits < 8; bits++) {
                EnumSet<OtpOperation> ops = EnumSet.noneOf(OtpOperation.class);
                for (OtpOperation op : OtpOperation.values()) {
                    if ((bits & (1 << op.ordinal())) != 0) {
                        ops.add(op);
                    }
                }
                entries.add(new OtpResponse.KeyEntry("key-" + i++, "purpose ü", Instant.ofEpochMilli(1_700_000_000_123L + i),
                        new OtpParameters(a, 6 + bits % 3, Duration.ofSeconds(1 + bits * 1000L)), ops));
            }
        }
        OtpResponse.KeyList list = new OtpResponse.KeyList(entries);
        assertThat(OtpResponse.decode(OtpKinds.KEY_LIST, list.encode())).isEqualTo(list);
        OtpResponse.KeyList empty = new OtpResponse.KeyList(List.of());
        assertThat(empty.encode()).isEqualTo(hex("000000"));
        assertThat(OtpResponse.decode(OtpKinds.KEY_LIST, empty.encode())).isEqualTo(empty);
    }

    @Test
    void enrollmentAndFailureRoundTrip() throws Exception {
        OtpResponse e = new OtpResponse.Enrollment("otpauth://totp/dkg:k1?secret=AAAA");
        assertThat(OtpResponse.decode(OtpKinds.ENROLLMENT, e.encode())).isEqualTo(e);
        for (OtpStatus s : OtpStatus.values()) {
            if (s != OtpStatus.OK) {
                OtpResponse f = new OtpResponse.Failure(s, "reason");
                assertThat(OtpResponse.decode(OtpKinds.FAILURE, f.encode())).isEqualTo(f);
            }
        }
    }

    @Test
    void rejectsEveryTrailingByteAndEveryTruncation() throws Exception {
        List<byte[]> bodies = List.of(new OtpRequest.Get("k1", OtpMode.TOTP).encode(),
                new OtpRequest.Verify("k1", OtpMode.HOTP, "123456").encode());
        int[] kinds = {OtpKinds.GET, OtpKinds.VERIFY};
        for (int k = 0; k < kinds.length; k++) {
            byte[] body = bodies.get(k);
            int kind = kinds[k];
            assertThatThrownBy(() -> OtpRequest.decode(kind, Arrays.copyOf(body, body.length + 1)))
                    .isInstanceOf(WireFormatException.class).hasMessageContaining("trailing");
            for (int cut = 0; cut < body.length; cut++) {
                byte[] truncated = Arrays.copyOf(body, cut);
                assertThatThrownBy(() -> OtpRequest.decode(kind, truncated)).isInstanceOf(WireFormatException.class);
            }
        }
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.LIST, new byte[1])).isInstanceOf(WireFormatException.class);
    }

    @Test
    void rejectsKeyIdsModesAndKindsTheSpecDoesNotAllow() {
        // "k 1" has a space; "" is empty; 0x7F is DEL; mode 3 does not exist.
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.GET, hex("00036b2031" + "01"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.GET, hex("0000" + "01"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.GET, hex("00017f" + "01"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.GET, hex("00016b" + "03"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.GET, hex("00016b" + "00"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.KEY_LIST, new byte[0])).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.GET, hex("0081" + "6b".repeat(129) + "01")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.VERIFY, hex("00016b01" + "0011" + "31".repeat(17))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds");
    }

    @Test
    void rejectsResponsesWithWrongStatusOrValuesOutOfRange() {
        // A success kind with a non-zero status, and a failure with status 0.
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.VERDICT, hex("01" + "01" + "0000000000000000")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.FAILURE, hex("00" + "0000"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.FAILURE, hex("07" + "0000"))).isInstanceOf(WireFormatException.class);
        // A five-digit code, a code with a letter, HOTP with seconds valid, TOTP with none.
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.CODE,
                hex("00" + "01" + "0005" + "3132333435" + "0000000000000001" + "00000001" + "0000001e")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.CODE,
                hex("00" + "01" + "0006" + "31323334353a" + "0000000000000001" + "00000001" + "0000001e")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.CODE,
                hex("00" + "02" + "0006" + "313233343536" + "0000000000000001" + "00000001" + "00000000")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.CODE,
                hex("00" + "01" + "0006" + "313233343536" + "0000000000000001" + "00000000" + "0000001e")))
                .isInstanceOf(WireFormatException.class);
        // Accepted with a lock-out, locked out without one, an unknown outcome.
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.VERDICT, hex("00" + "01" + "0000000000000001")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.VERDICT, hex("00" + "03" + "0000000000000000")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.VERDICT, hex("00" + "04" + "0000000000000000")))
                .isInstanceOf(WireFormatException.class);
        // A key list entry with operation bit 4 set (bit 3 is admin).
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.KEY_LIST,
                hex("00" + "0001" + "00016b" + "0000" + "0000000000000000" + "01" + "06" + "0000001e" + "10")))
                .isInstanceOf(WireFormatException.class);
        // An admin state whose disabled byte is neither 0 nor 1, and an unknown admin action.
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.ADMIN_STATE, hex("00" + "00000000" + "0000000000000000" + "02")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> OtpRequest.decode(OtpKinds.ADMIN, hex("00016b" + "05"))).isInstanceOf(WireFormatException.class);
        // An enrollment that is not an otpauth URI.
        assertThatThrownBy(() -> OtpResponse.decode(OtpKinds.ENROLLMENT, hex("00" + "0004" + "68747470")))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void toStringNeverShowsCodesOrUris() {
        assertThat(new OtpRequest.Verify("k1", OtpMode.TOTP, "287082").toString()).doesNotContain("287082");
        assertThat(new OtpResponse.Code(OtpMode.TOTP, "287082", 5, 3, 30).toString()).doesNotContain("287082");
        assertThat(new OtpResponse.Enrollment("otpauth://totp/x:y?secret=GEZDGNBV").toString()).doesNotContain("GEZDGNBV");
    }
}
