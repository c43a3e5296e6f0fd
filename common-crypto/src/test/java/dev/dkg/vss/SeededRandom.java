package dev.dkg.vss;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** A reproducible SecureRandom for tests: SHA-256(seed | counter) blocks. Never for production use. */
final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final long seed;
    private long counter;

    SeededRandom(long seed) {
        this.seed = seed;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            int offset = 0;
            while (offset < bytes.length) {
                sha256.update(ByteBuffer.allocate(16).putLong(seed).putLong(counter++).array());
                byte[] block = sha256.digest();
                int n = Math.min(block.length, bytes.length - offset);
                System.arraycopy(block, 0, bytes, offset, n);
                offset += n;
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
