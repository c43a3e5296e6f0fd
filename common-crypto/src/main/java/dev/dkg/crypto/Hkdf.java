package dev.dkg.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA-256 (RFC 5869), extract then expand, over the active provider's HMAC-SHA-256.
 *
 * <p>Guarantee: with input keying material of enough entropy, outputs for different {@code info} labels
 * are independent uniform keys; the output belongs to the caller to wipe.
 */
public final class Hkdf {
    private static final int HASH_BYTES = 32;
    /** RFC 5869 limit for SHA-256: 255 blocks of 32 bytes. */
    public static final int MAX_LENGTH = 255 * HASH_BYTES;

    private Hkdf() {}

    /**
     * {@code length} bytes of HKDF-SHA-256 output. A null or empty {@code salt} means 32 zero bytes
     * (RFC 5869 section 2.2); {@code info} may be empty but not null.
     */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA-256 output length must be 1.." + MAX_LENGTH + ", not " + length);
        }
        if (ikm == null || info == null) {
            throw new IllegalArgumentException("HKDF needs input keying material and info (may be empty)");
        }
        byte[] prk = null;
        byte[] block = new byte[0];
        try {
            Mac mac = CryptoProvider.active().mac(Algorithms.HMAC_SHA256);
            mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? new byte[HASH_BYTES] : salt,
                    Algorithms.HMAC_SHA256));
            prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, Algorithms.HMAC_SHA256));
            byte[] out = new byte[length];
            for (int i = 1, at = 0; at < length; i++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) i);
                Secrets.wipe(block);
                block = mac.doFinal();
                int n = Math.min(HASH_BYTES, length - at);
                System.arraycopy(block, 0, out, at, n);
                at += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        } finally {
            Secrets.wipe(prk);
            Secrets.wipe(block);
        }
    }
}
