package dev.dkg.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a candidate provider on every operation the presets ask of it before {@link CryptoProvider} lets the
 * suite use it: known answers for SHA-256, HMAC-SHA-256 and AES-256-GCM; for RSA, each half of OAEP and PSS
 * done by the candidate and the other half by the JDK, with the suite's explicit parameters.
 *
 * <p>Guarantee: a provider that passes computes these functions as the JDK does, including honouring
 * MGF1-SHA-256 and the 32-byte PSS salt (an implementation that fell back to its defaults, SHA-1 or a
 * different salt length, fails), so choosing it cannot change a byte the suite exchanges.
 */
final class ProviderSelfTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * A 2048-bit RSA key that exists only for this test (its factors are public here, by design): the
     * smallest size the suite allows keeps the check to a few milliseconds.
     */
    private static final BigInteger P = new BigInteger("f7e54656b338b3b3a384fb6812831ad126f5c760a8bd725dfd3bed9a8cd200c0"
            + "09d8d9ea44b135018afb621844a60145e66253d2c1a8b7701106267f69fe32086ab5a8cbde0eab8f425d748ce1877a69"
            + "070c681b311875d38c5c473dd10df5d072308dbbc7be1d40213c598edabd5f638c8550f9121bf025333da0ad8e39b035", 16);
    private static final BigInteger Q = new BigInteger("bab6b609d8d95a365465c82014fd6b20aab5a8a7b0f55c9e391410111704cba8"
            + "533474f200097a327637e55e9b0664f1643bac440ca27bc8d9034b2c2786c02ac13b9ade110a03ec3a490408b1659ca4"
            + "9b6bd5f4fc221cce9ce009b6e46b8d8d67fcadada7954ad943de5aa0e89e3278e0f081683c7ac76c9c22f5d00b75796f", 16);

    private ProviderSelfTest() {}

    /** Returns normally only if {@code candidate} passes every check; otherwise says which one failed. */
    static void check(CryptoProvider candidate) throws GeneralSecurityException {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        // FIPS 180-2 appendix B.1.
        expect("SHA-256", candidate.digest(Algorithms.SHA256).digest(abc),
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

        // RFC 4231 test case 2.
        Mac mac = candidate.mac(Algorithms.HMAC_SHA256);
        mac.init(new SecretKeySpec("Jefe".getBytes(StandardCharsets.US_ASCII), Algorithms.HMAC_SHA256));
        expect("HMAC-SHA-256", mac.doFinal("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

        // GCM specification (McGrew and Viega) test case 14: zero key, zero nonce, one zero block.
        SecretKeySpec zeroKey = new SecretKeySpec(new byte[Algorithms.AES_KEY_BYTES], "AES");
        GCMParameterSpec zeroNonce = new GCMParameterSpec(Algorithms.GCM_TAG_BITS, new byte[Algorithms.GCM_NONCE_BYTES]);
        Cipher gcm = candidate.cipher(Algorithms.AES_GCM_TRANSFORMATION);
        gcm.init(Cipher.ENCRYPT_MODE, zeroKey, zeroNonce);
        byte[] sealed = gcm.doFinal(new byte[16]);
        expect("AES-256-GCM", sealed, "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
        sealed[0] ^= 1;
        gcm = candidate.cipher(Algorithms.AES_GCM_TRANSFORMATION);
        gcm.init(Cipher.DECRYPT_MODE, zeroKey, zeroNonce);
        try {
            gcm.doFinal(sealed);
            throw new GeneralSecurityException("AES-256-GCM opened a modified ciphertext");
        } catch (javax.crypto.AEADBadTagException expected) {
            // The only acceptable outcome.
        }

        BigInteger e = Algorithms.RSA_PUBLIC_EXPONENT;
        BigInteger n = P.multiply(Q);
        BigInteger d = e.modInverse(P.subtract(BigInteger.ONE).multiply(Q.subtract(BigInteger.ONE)));
        KeyFactory rsa = KeyFactory.getInstance(Algorithms.RSA);
        PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(n, e));
        PrivateKey privateKey = rsa.generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, P, Q,
                d.mod(P.subtract(BigInteger.ONE)), d.mod(Q.subtract(BigInteger.ONE)), Q.modInverse(P)));
        CryptoProvider jdk = CryptoProvider.jdk();

        byte[] secret = MessageDigest.getInstance(Algorithms.SHA256).digest(abc);
        Cipher wrap = jdk.cipher(Algorithms.RSA_OAEP_TRANSFORMATION);
        wrap.init(Cipher.ENCRYPT_MODE, publicKey, Algorithms.RSA_OAEP_SHA256);
        Cipher unwrap = candidate.cipher(Algorithms.RSA_OAEP_TRANSFORMATION);
        unwrap.init(Cipher.DECRYPT_MODE, privateKey, Algorithms.RSA_OAEP_SHA256);
        expect("RSA-OAEP unwrap of the JDK's wrap", unwrap.doFinal(wrap.doFinal(secret)), HEX.formatHex(secret));
        wrap = candidate.cipher(Algorithms.RSA_OAEP_TRANSFORMATION);
        wrap.init(Cipher.ENCRYPT_MODE, publicKey, Algorithms.RSA_OAEP_SHA256);
        unwrap = jdk.cipher(Algorithms.RSA_OAEP_TRANSFORMATION);
        unwrap.init(Cipher.DECRYPT_MODE, privateKey, Algorithms.RSA_OAEP_SHA256);
        expect("RSA-OAEP wrap opened by the JDK", unwrap.doFinal(wrap.doFinal(secret)), HEX.formatHex(secret));

        Signature sign = candidate.signature(Algorithms.RSA_PSS);
        sign.setParameter(Algorithms.RSA_PSS_SHA256);
        sign.initSign(privateKey);
        sign.update(abc);
        byte[] signature = sign.sign();
        if (!verifies(jdk.signature(Algorithms.RSA_PSS), Algorithms.RSA_PSS_SHA256, publicKey, abc, signature)) {
            throw new GeneralSecurityException("RSA-PSS signature does not verify on the JDK");
        }
        if (!verifies(candidate.signature(Algorithms.RSA_PSS), Algorithms.RSA_PSS_SHA256, publicKey, abc, signature)) {
            throw new GeneralSecurityException("RSA-PSS signature does not verify on its own signer");
        }
        PSSParameterSpec wrongSalt = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 20, 1);
        if (verifies(candidate.signature(Algorithms.RSA_PSS), wrongSalt, publicKey, abc, signature)) {
            throw new GeneralSecurityException("RSA-PSS verifier ignores the salt length");
        }
    }

    private static boolean verifies(Signature verifier, PSSParameterSpec parameters, PublicKey key, byte[] message,
                                    byte[] signature) throws GeneralSecurityException {
        verifier.setParameter(parameters);
        verifier.initVerify(key);
        verifier.update(message);
        try {
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    private static void expect(String what, byte[] actual, String expectedHex) throws GeneralSecurityException {
        if (!MessageDigest.isEqual(actual, HEX.parseHex(expectedHex))) {
            throw new GeneralSecurityException(what + " gave a wrong answer");
        }
    }
}
