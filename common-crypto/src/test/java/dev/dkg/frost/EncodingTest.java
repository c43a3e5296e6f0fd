package dev.dkg.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DeserializeElement and DeserializeScalar accept one encoding per value and refuse everything else. */
class EncodingTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Ciphersuite ED = Ciphersuite.ED25519;

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void scalarsMustBeBelowTheOrderAndExactly32Bytes(Ciphersuite suite) {
        BigInteger q = suite.order();
        BigInteger top = q.subtract(BigInteger.ONE);
        assertThat(suite.deserializeScalar(suite.serializeScalar(top))).isEqualTo(top);
        byte[] orderBytes = suite.serializeScalar(top);
        // q itself in the suite's byte order: the encoding of q-1 plus one in the lowest byte.
        int lowest = suite == ED ? 0 : 31;
        orderBytes[lowest]++;
        assertThatThrownBy(() -> suite.deserializeScalar(orderBytes))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("not below the group order");
        byte[] allOnes = new byte[32];
        Arrays.fill(allOnes, (byte) 0xff);
        assertThatThrownBy(() -> suite.deserializeScalar(allOnes)).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> suite.deserializeScalar(new byte[31])).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> suite.deserializeScalar(new byte[33])).isInstanceOf(InvalidEncodingException.class);
        assertThat(suite.serializeScalar(BigInteger.ONE)[lowest]).isEqualTo((byte) 1);
    }

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void theIdentityHasNoEncodingAndElementsRoundTrip(Ciphersuite suite) {
        assertThatThrownBy(() -> suite.identity().toBytes()).isInstanceOf(IllegalStateException.class);
        Element p = suite.baseMultiply(suite.randomNonZeroScalar(new SecureRandom()));
        assertThat(suite.deserializeElement(p.toBytes())).isEqualTo(p);
        assertThat(p.toBytes()).hasSize(suite.elementBytes());
        assertThatThrownBy(() -> suite.deserializeElement(Arrays.copyOf(p.toBytes(), suite.elementBytes() - 1)))
                .isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> suite.deserializeElement(Arrays.copyOf(p.toBytes(), suite.elementBytes() + 1)))
                .isInstanceOf(InvalidEncodingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0100000000000000000000000000000000000000000000000000000000000000", // identity
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
        "0000000000000000000000000000000000000000000000000000000000000000", // order 4
        "0000000000000000000000000000000000000000000000000000000000000080", // order 4, x = 0 "negative"
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
        "0100000000000000000000000000000000000000000000000000000000000080", // identity, sign bit set
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1: identity, non-canonical
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p: non-canonical
    })
    void ed25519RefusesSmallOrderAndNonCanonicalPoints(String hex) {
        assertThatThrownBy(() -> ED.deserializeElement(HEX.parseHex(hex))).isInstanceOf(InvalidEncodingException.class);
    }

    @Test
    void ed25519RefusesAPrimeOrderPointPlusATorsionPoint() {
        Element torsion = EdwardsElement.decode(
                HEX.parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"));
        assertThat(torsion).isNotNull();
        Element mixed = ED.baseMultiply(BigInteger.valueOf(12345)).add(torsion);
        assertThatThrownBy(() -> ED.deserializeElement(mixed.toBytes()))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("prime-order subgroup");
        assertThat(torsion.multiply(BigInteger.valueOf(8)).isIdentity()).isTrue();
    }

    @Test
    void ed25519AcceptsExactlyWhatBouncyCastlesFullValidationAccepts() {
        SecureRandom random = new SecureRandom();
        int accepted = 0;
        for (int i = 0; i < 64; i++) {
            byte[] candidate = new byte[32];
            if (i % 2 == 0) {
                random.nextBytes(candidate);
            } else {
                candidate = ED.baseMultiply(ED.randomNonZeroScalar(random)).toBytes();
            }
            boolean ours;
            try {
                ED.deserializeElement(candidate);
                ours = true;
                accepted++;
            } catch (InvalidEncodingException e) {
                ours = false;
            }
            assertThat(ours).as(HEX.formatHex(candidate)).isEqualTo(Ed25519.validatePublicKeyFull(candidate, 0));
        }
        assertThat(accepted).isGreaterThanOrEqualTo(32);
    }

    @ParameterizedTest
    @EnumSource(value = Ciphersuite.class, names = {"SECP256K1", "P256"})
    void weierstrassAcceptsACompressedXExactlyWhenItIsOnTheCurve(Ciphersuite suite) {
        X9ECParameters curve = CustomNamedCurves.getByName(suite == Ciphersuite.SECP256K1 ? "secp256k1" : "secp256r1");
        BigInteger p = curve.getCurve().getField().getCharacteristic();
        BigInteger a = curve.getCurve().getA().toBigInteger();
        BigInteger b = curve.getCurve().getB().toBigInteger();
        int onCurve = 0;
        for (int x = 1; x <= 30; x++) {
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger rhs = bx.pow(3).add(a.multiply(bx)).add(b).mod(p);
            boolean square = rhs.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE);
            byte[] encoding = new byte[33];
            encoding[0] = 0x02;
            encoding[32] = (byte) x;
            if (square) {
                onCurve++;
                assertThat(suite.deserializeElement(encoding).toBytes()).isEqualTo(encoding);
            } else {
                assertThatThrownBy(() -> suite.deserializeElement(encoding)).isInstanceOf(InvalidEncodingException.class);
            }
        }
        assertThat(onCurve).isBetween(1, 29);
    }

    @ParameterizedTest
    @EnumSource(value = Ciphersuite.class, names = {"SECP256K1", "P256"})
    void weierstrassRefusesOtherFormsAndXAboveTheFieldPrime(Ciphersuite suite) {
        byte[] valid = suite.generator().toBytes();
        for (byte prefix : new byte[] {0x00, 0x01, 0x04, 0x05, 0x06, 0x07}) {
            byte[] other = valid.clone();
            other[0] = prefix;
            assertThatThrownBy(() -> suite.deserializeElement(other)).isInstanceOf(InvalidEncodingException.class);
        }
        assertThatThrownBy(() -> suite.deserializeElement(new byte[33])).isInstanceOf(InvalidEncodingException.class);
        X9ECParameters curve = CustomNamedCurves.getByName(suite == Ciphersuite.SECP256K1 ? "secp256k1" : "secp256r1");
        BigInteger p = curve.getCurve().getField().getCharacteristic();
        // x + p: the same x coordinate spelled above the field prime, when it still fits in 32 bytes.
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(valid, 1, 33));
        byte[] aboveP = new byte[33];
        aboveP[0] = valid[0];
        byte[] big = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, p.add(BigInteger.ONE).min(
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)));
        System.arraycopy(big, 0, aboveP, 1, 32);
        assertThatThrownBy(() -> suite.deserializeElement(aboveP)).isInstanceOf(InvalidEncodingException.class);
        assertThat(x.compareTo(p)).isNegative();
        byte[] uncompressed = ((WeierstrassElement) suite.generator()).point().getEncoded(false);
        assertThatThrownBy(() -> suite.deserializeElement(uncompressed)).isInstanceOf(InvalidEncodingException.class);
    }

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void compositeEncodingsRefuseWrongLengthsAndBadParts(Ciphersuite suite) {
        SecureRandom random = new SecureRandom();
        Element d = suite.baseMultiply(suite.randomNonZeroScalar(random));
        Element e = suite.baseMultiply(suite.randomNonZeroScalar(random));
        SigningCommitment commitment = new SigningCommitment(7, d, e);
        byte[] bytes = commitment.toBytes();
        assertThat(SigningCommitment.fromBytes(suite, bytes)).isEqualTo(commitment);
        assertThatThrownBy(() -> SigningCommitment.fromBytes(suite, Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(InvalidEncodingException.class);
        byte[] zeroId = bytes.clone();
        Arrays.fill(zeroId, 0, 32, (byte) 0);
        assertThatThrownBy(() -> SigningCommitment.fromBytes(suite, zeroId))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("identifier");
        byte[] badPoint = bytes.clone();
        Arrays.fill(badPoint, 32, 32 + suite.elementBytes(), (byte) 0);
        assertThatThrownBy(() -> SigningCommitment.fromBytes(suite, badPoint)).isInstanceOf(InvalidEncodingException.class);

        SigningCommitment other = new SigningCommitment(9, e, d);
        byte[] list = new Frost(suite).encodeGroupCommitmentList(java.util.List.of(commitment, other));
        assertThat(SigningCommitment.decodeList(suite, list)).containsExactly(commitment, other);
        byte[] reversed = new byte[list.length];
        System.arraycopy(list, bytes.length, reversed, 0, bytes.length);
        System.arraycopy(list, 0, reversed, bytes.length, bytes.length);
        assertThatThrownBy(() -> SigningCommitment.decodeList(suite, reversed))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("sorted");
        assertThatThrownBy(() -> SigningCommitment.decodeList(suite, Arrays.copyOf(list, list.length - 1)))
                .isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> SigningCommitment.decodeList(suite, new byte[0]))
                .isInstanceOf(InvalidEncodingException.class);

        Signature signature = new Signature(d, suite.randomScalar(random));
        assertThat(Signature.fromBytes(suite, signature.toBytes())).isEqualTo(signature);
        assertThatThrownBy(() -> Signature.fromBytes(suite, Arrays.copyOf(signature.toBytes(), 10)))
                .isInstanceOf(InvalidEncodingException.class);
        ProofOfKnowledge proof = new ProofOfKnowledge(e, suite.randomScalar(random));
        assertThat(ProofOfKnowledge.fromBytes(suite, proof.toBytes())).isEqualTo(proof);
        VssCommitment vss = new VssCommitment(java.util.List.of(d, e));
        assertThat(VssCommitment.fromBytes(suite, 2, vss.toBytes())).isEqualTo(vss);
        assertThatThrownBy(() -> VssCommitment.fromBytes(suite, 3, vss.toBytes()))
                .isInstanceOf(InvalidEncodingException.class);
    }

    @Test
    void identifiersStayInRangeAndSuitesDoNotMix() {
        assertThatThrownBy(() -> Ciphersuite.ED25519.serializeIdentifier(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ciphersuite.ED25519.serializeIdentifier(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ciphersuite.ED25519.generator().add(Ciphersuite.P256.generator()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Ciphersuite.forScheme("Ed25519")).isEqualTo(Ciphersuite.ED25519);
        assertThatThrownBy(() -> Ciphersuite.forScheme("rsa")).hasMessageContaining("ed25519, secp256k1 or p256");
    }
}
