package dev.dkg.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;

/**
 * RSA-PSS signatures with the suite's one parameter set ({@link Algorithms#RSA_PSS_SHA256}: SHA-256,
 * MGF1-SHA-256, 32-byte salt, trailer 1).
 *
 * <p>Guarantee: {@code verify} returns normally only for a valid signature; every other outcome, including
 * a malformed signature or an unusable key, is a {@link SignatureException}, so a failed check cannot be
 * ignored as a {@code false}.
 */
public final class RsaPss {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RsaPss() {}

    public static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        return sign(key, message, 0, message.length, RANDOM);
    }

    /**
     * Signs with salt drawn from {@code random} (injectable so test vectors are reproducible; see
     * {@link CryptoProvider#drawingFrom}).
     */
    public static byte[] sign(PrivateKey key, byte[] message, SecureRandom random) throws GeneralSecurityException {
        return sign(key, message, 0, message.length, random);
    }

    public static byte[] sign(PrivateKey key, byte[] message, int offset, int length, SecureRandom random)
            throws GeneralSecurityException {
        CryptoProvider provider = CryptoProvider.active().drawingFrom(random);
        Signature s = provider.signature(Algorithms.RSA_PSS);
        s.setParameter(Algorithms.RSA_PSS_SHA256);
        s.initSign(provider.privateKey(key), random);
        s.update(message, offset, length);
        return s.sign();
    }

    public static void verify(PublicKey key, byte[] message, byte[] signature) throws SignatureException {
        verify(key, message, 0, message.length, signature);
    }

    public static void verify(PublicKey key, byte[] message, int offset, int length, byte[] signature)
            throws SignatureException {
        boolean valid;
        try {
            Signature s = CryptoProvider.active().signature(Algorithms.RSA_PSS);
            s.setParameter(Algorithms.RSA_PSS_SHA256);
            s.initVerify(key);
            s.update(message, offset, length);
            valid = s.verify(signature);
        } catch (InvalidKeyException e) {
            throw new SignatureException("public key unusable for RSA-PSS: " + e.getMessage(), e);
        } catch (SignatureException e) {
            throw new SignatureException("malformed signature: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SignatureException("RSA-PSS unavailable: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new SignatureException("signature does not verify");
        }
    }
}
