package dev.dkg.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over the concatenation of byte strings: the {@code H(a | b | …)} of the protocol. */
public final class Sha256 {
    private Sha256() {}

    public static byte[] of(byte[]... parts) {
        try {
            MessageDigest d = CryptoProvider.active().digest(Algorithms.SHA256);
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
