package dev.dkg.frost;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** expand_message_xmd of RFC 9380 section 5.3.1 with SHA-256 (b_in_bytes 32, s_in_bytes 64). */
final class ExpandMessageXmd {
    private ExpandMessageXmd() {}

    static byte[] sha256(byte[] message, byte[] dst, int length) {
        if (dst.length > 255) {
            throw new IllegalArgumentException("a DST is at most 255 bytes");
        }
        int blocks = (length + 31) / 32;
        if (blocks > 255 || length > 65535) {
            throw new IllegalArgumentException("expand_message_xmd cannot produce " + length + " bytes");
        }
        byte[] dstPrime = new byte[dst.length + 1];
        System.arraycopy(dst, 0, dstPrime, 0, dst.length);
        dstPrime[dst.length] = (byte) dst.length;
        MessageDigest sha256 = sha256();
        sha256.update(new byte[64]); // Z_pad
        sha256.update(message);
        sha256.update(new byte[] {(byte) (length >>> 8), (byte) length, 0});
        sha256.update(dstPrime);
        byte[] b0 = sha256.digest();
        ByteArrayOutputStream uniform = new ByteArrayOutputStream();
        byte[] previous = new byte[32];
        for (int i = 1; i <= blocks; i++) {
            byte[] mixed = new byte[32];
            for (int j = 0; j < 32; j++) {
                mixed[j] = (byte) (b0[j] ^ previous[j]); // b_1 hashes b_0 itself: previous starts at zero
            }
            sha256.update(mixed);
            sha256.update((byte) i);
            sha256.update(dstPrime);
            previous = sha256.digest();
            uniform.writeBytes(previous);
        }
        byte[] out = new byte[length];
        System.arraycopy(uniform.toByteArray(), 0, out, 0, length);
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
