package dev.dkg.frost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fixed vectors of the DKG proof of knowledge (package-info, "DKG proof of knowledge"), for
 * docs/protocol.md: identifier 1, a_10 = 7, nonce k = 11, context = ASCII "dkg-vector".
 */
class ProofOfKnowledgeVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ED25519, b862409fb5c4c4123df2abf7462b88f041ad36dd6864ce872fd5472be363c5b1, "
            + "647967100a6dd2135678fbda44fe028f0d9b4960ecb1230ff0b7b03cdf4d7205, "
            + "1337036ac32d8f30d4589c3c1c595812ce0fff40e37c6f5a97ab213f318290adeda9e8b811359cdaad10f1b6240057bf5e3d03a276ddf9699007d5a81a212006",
        "SECP256K1, 025cbdf0646e5db4eaa398f365f2ea7a0e3d419b7e0330e39ce92bddedcac4f9bc, "
            + "29aaf711814bb6f19d04d8fc63360cf15cee2164a515a286764dfcb36a0fb2a1, "
            + "03774ae7f858a9411e5ef4246b70c65aac5649980be5c17891bbec17895da008cb23acc17a8912009b4b21eee6b67a5a9acfd40cd9d44ed1717c4f8a5b1637a131",
        "P256, 028e533b6fa0bf7b4625bb30667c01fb607ef9f8b8a80fef5b300628703187b2a3, "
            + "d1f55cc6eb1ba3f1d65a41d1b6bafb89cc8387f96cca433c72c17eacf3a7f4d9, "
            + "023ed113b7883b4c590638379db0c21cda16742ed0255048bf433391d374bc21d1bdb589756dc17b97dc77ccbbff1ce0c5e715d26db611be0e60a980ebbba7f765",
    })
    void proofOfKnowledgeMatchesTheVector(Ciphersuite suite, String c0Hex, String challengeHex, String proofHex)
            throws Exception {
        PedersenDkg dkg = new PedersenDkg(suite);
        byte[] context = "dkg-vector".getBytes(StandardCharsets.US_ASCII);
        BigInteger secret = BigInteger.valueOf(7);
        Element c0 = suite.baseMultiply(secret);
        assertThat(HEX.formatHex(c0.toBytes())).isEqualTo(c0Hex);
        ProofOfKnowledge proof = dkg.prove(1, secret, c0, context, BigInteger.valueOf(11));
        assertThat(HEX.formatHex(proof.toBytes())).isEqualTo(proofHex);
        assertThat(proof.r()).isEqualTo(suite.baseMultiply(BigInteger.valueOf(11)));
        BigInteger c = dkg.challenge(1, c0, proof.r(), context);
        assertThat(HEX.formatHex(suite.serializeScalar(c))).isEqualTo(challengeHex);
        assertThat(proof.mu()).isEqualTo(BigInteger.valueOf(11).add(secret.multiply(c)).mod(suite.order()));
        dkg.verifyProof(1, new VssCommitment(java.util.List.of(c0)),
                ProofOfKnowledge.fromBytes(suite, HEX.parseHex(proofHex)), context);
    }

    @org.junit.jupiter.api.Test
    void ed25519HdkgIsSha512OfContextDkgAndMessageReadLittleEndian() throws Exception {
        byte[] m = "anything".getBytes(StandardCharsets.US_ASCII);
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update("FROST-ED25519-SHA512-v1dkg".getBytes(StandardCharsets.US_ASCII));
        byte[] digest = sha512.digest(m);
        byte[] bigEndian = new byte[64];
        for (int i = 0; i < 64; i++) {
            bigEndian[i] = digest[63 - i];
        }
        assertThat(Ciphersuite.ED25519.hdkg(m))
                .isEqualTo(new BigInteger(1, bigEndian).mod(Ciphersuite.ED25519.order()));
    }
}
