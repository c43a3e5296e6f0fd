package dev.dkg.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 12-byte nonce and a 128-bit tag appended to the ciphertext.
 *
 * <p>Guarantee: {@code decrypt} returns plaintext only if key, nonce, ciphertext, tag and associated data
 * are all exactly as sealed; otherwise it throws ({@link javax.crypto.AEADBadTagException}). Callers must
 * never reuse a nonce under one key.
 */
public final class AesGcm {
    public static final int TAG_BYTES = Algorithms.GCM_TAG_BITS / 8;

    private AesGcm() {}

    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) throws GeneralSecurityException {
        return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
    }

    public static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad) throws GeneralSecurityException {
        return decrypt(key, nonce, ciphertext, 0, ciphertext.length, aad);
    }

    public static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertext, int offset, int length, byte[] aad)
            throws GeneralSecurityException {
        return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext, offset, length);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        if (key.length != Algorithms.AES_KEY_BYTES) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes");
        }
        if (nonce.length != Algorithms.GCM_NONCE_BYTES) {
            throw new IllegalArgumentException("GCM nonce must be 12 bytes");
        }
        Cipher c = CryptoProvider.active().cipher(Algorithms.AES_GCM_TRANSFORMATION);
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(Algorithms.GCM_TAG_BITS, nonce));
        c.updateAAD(aad);
        return c;
    }
}
