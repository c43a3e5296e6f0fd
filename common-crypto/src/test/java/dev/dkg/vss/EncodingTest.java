package dev.dkg.vss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class EncodingTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String G_COMPRESSED = "036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
    private static final String Q_HEX = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    private static final String P_HEX = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";

    private final SecureRandom random = new SeededRandom(4);
    private final Secret secret = Feldman.randomSecret(random);
    private final Dealing dealing = Feldman.split(secret, 3, 4, random);

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    private static byte[] withTrailingByte(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    private static byte[] truncated(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length - 1);
    }

    // Scalars and secrets

    @Test
    void secretRoundTripsThrough32Bytes() {
        byte[] bytes = secret.toBytes();
        assertThat(bytes).hasSize(32);
        assertThat(Secret.fromBytes(bytes)).isEqualTo(secret);
    }

    @Test
    void secretOneEncodesBigEndianAndCommitsToG() {
        byte[] one = new byte[32];
        one[31] = 1;
        Secret s = Secret.fromBytes(one);
        assertThat(s.value()).isEqualTo(BigInteger.ONE);
        assertThat(HEX.formatHex(s.publicPoint().toBytes())).isEqualTo(G_COMPRESSED);
    }

    @Test
    void rejectsSecretsOutOfRange() {
        assertThatThrownBy(() -> Secret.fromBytes(new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a secret must not be zero");
        assertThatThrownBy(() -> Secret.fromBytes(HEX.parseHex(Q_HEX)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the group order");
        byte[] allOnes = new byte[32];
        Arrays.fill(allOnes, (byte) 0xff);
        assertThatThrownBy(() -> Secret.fromBytes(allOnes)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.fromBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.fromBytes(withTrailingByte(secret.toBytes())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a secret is 32 bytes, not 33");
    }

    // Shares, deltas, sub-shares

    @Test
    void shareLayoutIsXThenBigEndianY() {
        Share share = new Share(7, BigInteger.valueOf(0x0102));
        byte[] expected = new byte[33];
        expected[0] = 7;
        expected[31] = 1;
        expected[32] = 2;
        assertThat(share.toBytes()).isEqualTo(expected);
    }

    @Test
    void sharesRoundTrip() {
        for (Share share : dealing.shares()) {
            assertThat(Share.fromBytes(share.toBytes())).isEqualTo(share);
        }
        Share top = new Share(255, ScalarField.ORDER.subtract(BigInteger.ONE));
        assertThat(Share.fromBytes(top.toBytes())).isEqualTo(top);
        Share zeroValue = new Share(1, BigInteger.ZERO);
        assertThat(Share.fromBytes(zeroValue.toBytes())).isEqualTo(zeroValue);
    }

    @Test
    void rejectsShareWithXZero() {
        byte[] bytes = dealing.shares().get(0).toBytes();
        bytes[0] = 0;
        assertThatThrownBy(() -> Share.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("share x must be in 1..255, not 0");
    }

    @Test
    void rejectsShareWithValueAtOrAboveQ() {
        byte[] bytes = concat(new byte[] {1}, HEX.parseHex(Q_HEX));
        assertThatThrownBy(() -> Share.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the group order");
    }

    @Test
    void rejectsShareWithTrailingOrMissingBytes() {
        byte[] bytes = dealing.shares().get(0).toBytes();
        assertThatThrownBy(() -> Share.fromBytes(withTrailingByte(bytes)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a share is 33 bytes, not 34");
        assertThatThrownBy(() -> Share.fromBytes(truncated(bytes)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a share is 33 bytes, not 32");
        assertThatThrownBy(() -> Share.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refreshDeltasRoundTripAndDecodeStrictly() {
        Refresh refresh = Refresh.create(dealing.commitments(), List.of(1, 2, 3, 4), random);
        for (RefreshDelta delta : refresh.deltas()) {
            assertThat(RefreshDelta.fromBytes(delta.toBytes())).isEqualTo(delta);
        }
        byte[] bytes = refresh.deltas().get(0).toBytes();
        assertThatThrownBy(() -> RefreshDelta.fromBytes(withTrailingByte(bytes)))
                .isInstanceOf(IllegalArgumentException.class);
        bytes[0] = 0;
        assertThatThrownBy(() -> RefreshDelta.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..255");
    }

    @Test
    void subSharesRoundTripAndDecodeStrictly() throws Exception {
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2, 3), 2, List.of(5, 6));
        SubShare subShare = plan.subShare(dealing.shares().get(0), random).subShareFor(6);
        byte[] bytes = subShare.toBytes();
        assertThat(bytes).hasSize(34);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(bytes[1]).isEqualTo((byte) 6);
        assertThat(SubShare.fromBytes(bytes)).isEqualTo(subShare);
        assertThatThrownBy(() -> SubShare.fromBytes(withTrailingByte(bytes)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a sub-share is 34 bytes, not 35");
        byte[] noSender = bytes.clone();
        noSender[0] = 0;
        assertThatThrownBy(() -> SubShare.fromBytes(noSender))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sender x must be in 1..255, not 0");
        byte[] noRecipient = bytes.clone();
        noRecipient[1] = 0;
        assertThatThrownBy(() -> SubShare.fromBytes(noRecipient))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("recipient x must be in 1..255, not 0");
        byte[] tooLarge = concat(new byte[] {1, 6}, HEX.parseHex(Q_HEX));
        assertThatThrownBy(() -> SubShare.fromBytes(tooLarge)).isInstanceOf(IllegalArgumentException.class);
    }

    // Points

    @Test
    void pointsRoundTripThroughCompressedSec1() {
        for (CurvePoint point : dealing.commitments().points()) {
            byte[] bytes = point.toBytes();
            assertThat(bytes).hasSize(33);
            assertThat(bytes[0]).isIn((byte) 2, (byte) 3);
            assertThat(CurvePoint.fromBytes(bytes)).isEqualTo(point);
        }
        assertThat(CurvePoint.fromBytes(HEX.parseHex(G_COMPRESSED)).raw())
                .isEqualTo(CurveGroup.baseTimes(BigInteger.ONE));
    }

    @Test
    void rejectsTheIdentityPoint() {
        assertThatThrownBy(() -> CurvePoint.fromBytes(new byte[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a point is 33 bytes, not 1");
        assertThatThrownBy(() -> CurvePoint.fromBytes(new byte[33]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix 02 or 03");
        assertThatThrownBy(() -> CurvePoint.of(CurveGroup.CURVE.getInfinity()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity");
    }

    @Test
    void rejectsUncompressedAndHybridPoints() {
        ECPoint g = CurveGroup.baseTimes(BigInteger.ONE);
        byte[] uncompressed = g.getEncoded(false);
        assertThatThrownBy(() -> CurvePoint.fromBytes(uncompressed))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a point is 33 bytes, not 65");
        for (int prefix : new int[] {0x04, 0x06, 0x07, 0x01, 0xff}) {
            byte[] bytes = HEX.parseHex(G_COMPRESSED);
            bytes[0] = (byte) prefix;
            assertThatThrownBy(() -> CurvePoint.fromBytes(bytes))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEC1 compressed");
        }
    }

    @Test
    void rejectsXWithNoPointOnTheCurve() {
        int rejected = 0;
        for (int x = 0; x < 20; x++) {
            byte[] bytes = concat(new byte[] {2}, ScalarField.toBytes(BigInteger.valueOf(x)));
            try {
                CurvePoint.fromBytes(bytes);
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessage("bytes are not a point on P-256");
                rejected++;
            }
        }
        // About half of all x have no y; finding none in 20 would mean the check is missing.
        assertThat(rejected).isGreaterThan(3);
    }

    @Test
    void rejectsXAtOrAboveTheFieldPrime() {
        BigInteger p = new BigInteger(P_HEX, 16);
        for (BigInteger x : List.of(p, p.add(BigInteger.ONE), p.add(BigInteger.valueOf(3)))) {
            for (byte prefix : new byte[] {2, 3}) {
                byte[] bytes = concat(new byte[] {prefix}, ScalarField.toBytes(x));
                assertThatThrownBy(() -> CurvePoint.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void pointWithTheOtherParityIsTheNegation() {
        byte[] bytes = HEX.parseHex(G_COMPRESSED);
        bytes[0] = 2;
        assertThat(CurvePoint.fromBytes(bytes).raw()).isEqualTo(CurveGroup.baseTimes(BigInteger.ONE).negate());
    }

    // Commitments

    @Test
    void commitmentsRoundTripWithCountPrefix() {
        byte[] bytes = dealing.commitments().toBytes();
        assertThat(bytes).hasSize(1 + 3 * 33);
        assertThat(bytes[0]).isEqualTo((byte) 3);
        assertThat(Commitments.fromBytes(bytes)).isEqualTo(dealing.commitments());
    }

    @Test
    void rejectsCommitmentsWithBadCountOrLength() {
        byte[] bytes = dealing.commitments().toBytes();
        assertThatThrownBy(() -> Commitments.fromBytes(withTrailingByte(bytes)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("commitments with 3 points are 100 bytes, not 101");
        assertThatThrownBy(() -> Commitments.fromBytes(truncated(bytes)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Commitments.fromBytes(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("commitments encoding is empty");
        byte[] countZero = {0};
        assertThatThrownBy(() -> Commitments.fromBytes(countZero))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("commitments count must be in 2..255, not 0");
        byte[] countOne = concat(new byte[] {1}, HEX.parseHex(G_COMPRESSED));
        assertThatThrownBy(() -> Commitments.fromBytes(countOne))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("commitments count must be in 2..255, not 1");
        byte[] countClaimsMore = bytes.clone();
        countClaimsMore[0] = 4;
        assertThatThrownBy(() -> Commitments.fromBytes(countClaimsMore)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsCommitmentsWithAnInvalidPointInside() {
        byte[] bytes = dealing.commitments().toBytes();
        bytes[1 + 33] = 0x04;
        assertThatThrownBy(() -> Commitments.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEC1 compressed");
        byte[] identityInside = dealing.commitments().toBytes();
        Arrays.fill(identityInside, 1 + 2 * 33, 1 + 3 * 33, (byte) 0);
        assertThatThrownBy(() -> Commitments.fromBytes(identityInside)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refreshCommitmentsRoundTripAndOmitD0() throws Exception {
        Refresh refresh = Refresh.create(dealing.commitments(), List.of(1, 2, 3, 4), random);
        byte[] bytes = refresh.commitments().toBytes();
        assertThat(bytes).hasSize(1 + 2 * 33);
        assertThat(bytes[0]).isEqualTo((byte) 2);
        assertThat(RefreshCommitments.fromBytes(bytes)).isEqualTo(refresh.commitments());
        assertThatThrownBy(() -> RefreshCommitments.fromBytes(withTrailingByte(bytes)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RefreshCommitments.fromBytes(new byte[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refresh commitments count must be in 1..254, not 0");
        byte[] count255 = new byte[1 + 255 * 33];
        count255[0] = (byte) 255;
        assertThatThrownBy(() -> RefreshCommitments.fromBytes(count255))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 255");
    }

    // Nothing secret in toString

    @Test
    void toStringNeverShowsSecretValues() throws Exception {
        Refresh refresh = Refresh.create(dealing.commitments(), List.of(1, 2, 3, 4), random);
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2, 3), 2, List.of(5, 6));
        SubSharing subSharing = plan.subShare(dealing.shares().get(0), random);
        assertHidden(secret, secret.value());
        for (Share share : dealing.shares()) {
            assertHidden(share, share.y());
        }
        for (RefreshDelta delta : refresh.deltas()) {
            assertHidden(delta, delta.value());
        }
        for (SubShare subShare : subSharing.subShares()) {
            assertHidden(subShare, subShare.value());
            assertHidden(subSharing, subShare.value());
        }
        assertHidden(dealing, secret.value());
        assertHidden(refresh, refresh.deltas().get(0).value());
        assertHidden(plan, dealing.shares().get(0).y());
        assertThat(secret.toString()).isEqualTo("Secret[redacted]");
        assertThat(dealing.shares().get(1).toString()).isEqualTo("Share[x=2]");
    }

    private static void assertHidden(Object holder, BigInteger value) {
        String text = holder.toString();
        assertThat(text).doesNotContain(value.toString())
                .doesNotContain(value.toString(16))
                .doesNotContain(HEX.formatHex(ScalarField.toBytes(value)));
    }
}
