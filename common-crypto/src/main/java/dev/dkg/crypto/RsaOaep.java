package dev.dkg.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import javax.crypto.Cipher;

/**
 * RSA-OAEP key transport with explicit SHA-256 / MGF1-SHA-256 parameters ({@link Algorithms#RSA_OAEP_SHA256}),
 * so it interoperates with every other OAEP-SHA-256 implementation.
 *
 * <p>Guarantee: only the holder of the private key recovers the wrapped bytes; a modified ciphertext
 * fails to unwrap (with overwhelming probability) rather than yielding other bytes.
 */
public final class RsaOaep {
    private RsaOaep() {}

    /** Wraps with the OAEP seed drawn from {@code random} (see {@link CryptoProvider#drawingFrom}). */
    public static byte[] wrap(PublicKey recipient, byte[] secret, SecureRandom random) throws GeneralSecurityException {
        Cipher c = CryptoProvider.active().drawingFrom(random).cipher(Algorithms.RSA_OAEP_TRANSFORMATION);
        c.init(Cipher.ENCRYPT_MODE, recipient, Algorithms.RSA_OAEP_SHA256, random);
        return c.doFinal(secret);
    }

    /** The unwrapped bytes, which belong to the caller to wipe. */
    public static byte[] unwrap(PrivateKey key, byte[] ciphertext) throws GeneralSecurityException {
        CryptoProvider provider = CryptoProvider.active();
        Cipher c = provider.cipher(Algorithms.RSA_OAEP_TRANSFORMATION);
        c.init(Cipher.DECRYPT_MODE, provider.privateKey(key), Algorithms.RSA_OAEP_SHA256);
        return c.doFinal(ciphertext);
    }
}
