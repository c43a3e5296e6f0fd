package dev.dkg.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF-SHA-256 (RFC 5869), extract then expand.
 *
 * <p>Guarantee: with input keying material of enough entropy, outputs for different {@code info} labels
 * are independent uniform keys; the output belongs to the caller to wipe.
 */
public final class Hkdf {
    /** RFC 5869 limit for SHA-256: 255 blocks of 32 bytes. */
    public static final int MAX_LENGTH = 255 * 32;

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
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(ikm, salt == null || salt.length == 0 ? null : salt, info));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return out;
    }
}
