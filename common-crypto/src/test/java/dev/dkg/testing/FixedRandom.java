package dev.dkg.testing;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A "random" source that hands out a fixed byte sequence, so sealing and signing are reproducible for
 * test vectors. Fails loudly if asked for more bytes than it holds. Never use outside tests.
 */
public final class FixedRandom extends SecureRandom {
    private final byte[] stream;
    private int pos;

    public FixedRandom(byte[]... parts) {
        int total = 0;
        for (byte[] p : parts) {
            total += p.length;
        }
        stream = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, stream, at, p.length);
            at += p.length;
        }
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        if (bytes.length > stream.length - pos) {
            throw new IllegalStateException("fixed random stream exhausted: asked for " + bytes.length
                    + ", " + (stream.length - pos) + " left");
        }
        System.arraycopy(stream, pos, bytes, 0, bytes.length);
        pos += bytes.length;
    }

    /** Bytes not yet handed out; a vector that consumes exactly its stream leaves 0. */
    public synchronized int remaining() {
        return stream.length - pos;
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        byte[] b = new byte[numBytes];
        nextBytes(b);
        return b;
    }

    @Override
    public void setSeed(long seed) {
        // SecureRandom's constructor calls this; a fixed stream has no seed to mix in.
    }

    @Override
    public String toString() {
        return "FixedRandom" + Arrays.toString(new int[] {stream.length, pos});
    }
}
