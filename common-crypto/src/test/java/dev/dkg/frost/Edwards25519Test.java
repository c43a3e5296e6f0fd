package dev.dkg.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The Edwards25519 arithmetic against RFC 8032 section 7.1 (TEST 1-3): public key from the secret key and
 * the deterministic signature, computed here from our own point operations, must equal the RFC's bytes.
 */
class Edwards25519Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final Ciphersuite ED = Ciphersuite.ED25519;

    @ParameterizedTest(name = "RFC 8032 7.1 TEST {index}")
    @CsvSource({
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
            + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,,"
            + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
            + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,72,"
            + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
            + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,af82,"
            + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
    })
    void rfc8032KeysAndSignaturesComeOutOfOurArithmetic(String secretHex, String publicHex, String messageHex,
            String signatureHex) throws Exception {
        byte[] message = messageHex == null ? new byte[0] : HEX.parseHex(messageHex);
        byte[] h = MessageDigest.getInstance("SHA-512").digest(HEX.parseHex(secretHex));
        byte[] scalarBytes = Arrays.copyOf(h, 32);
        scalarBytes[0] &= (byte) 248;
        scalarBytes[31] &= 127;
        scalarBytes[31] |= 64;
        BigInteger a = littleEndian(scalarBytes);
        Element publicKey = ED.baseMultiply(a);
        assertThat(HEX.formatHex(publicKey.toBytes())).isEqualTo(publicHex);

        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update(h, 32, 32);
        BigInteger r = littleEndian(sha512.digest(message)).mod(ED.order());
        Element bigR = ED.baseMultiply(r);
        Frost frost = new Frost(ED);
        BigInteger k = frost.computeChallenge(bigR, publicKey, message);
        BigInteger s = r.add(k.multiply(a)).mod(ED.order());
        Signature signature = new Signature(bigR, s);
        assertThat(HEX.formatHex(signature.toBytes())).isEqualTo(signatureHex);
        frost.verify(ED.deserializeElement(HEX.parseHex(publicHex)), message,
                Signature.fromBytes(ED, HEX.parseHex(signatureHex)));
        byte[] otherMessage = Arrays.copyOf(message, message.length + 1);
        assertThatThrownBy(() -> frost.verify(publicKey, otherMessage, signature))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void groupLawsHold() {
        Element g = ED.generator();
        Element two = g.add(g);
        assertThat(ED.baseMultiply(BigInteger.TWO)).isEqualTo(two);
        assertThat(g.multiply(BigInteger.valueOf(5))).isEqualTo(two.add(two).add(g));
        assertThat(g.multiply(ED.order())).matches(Element::isIdentity);
        assertThat(g.subtract(g).isIdentity()).isTrue();
        assertThat(g.add(ED.identity())).isEqualTo(g);
        assertThat(g.multiply(ED.order().subtract(BigInteger.ONE))).isEqualTo(g.negate());
        BigInteger x = new BigInteger("123456789012345678901234567890");
        BigInteger y = new BigInteger("987654321098765432109876543210");
        assertThat(g.multiply(x).multiply(y)).isEqualTo(g.multiply(x.multiply(y)));
        assertThat(g.multiply(x).add(g.multiply(y))).isEqualTo(g.multiply(x.add(y)));
        Element p = g.multiply(x);
        assertThat(ED.deserializeElement(p.toBytes())).isEqualTo(p);
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] be = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            be[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, be);
    }
}
