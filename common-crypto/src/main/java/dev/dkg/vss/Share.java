package dev.dkg.vss;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One holder's point (x, f(x)) on the sharing polynomial. The x is public; the value leaves only through
 * {@link #toBytes()} and is never in {@link #toString()}.
 *
 * <p>Encoding (33 bytes): {@code x} as one unsigned byte, 1..255 | {@code y} as a 32-byte big-endian
 * scalar below q.
 */
public final class Share {
    public static final int ENCODED_BYTES = 1 + ScalarField.SCALAR_BYTES;
    /** x = 0 would be the secret itself, and one byte holds the rest. */
    static final int MIN_X = 1;
    static final int MAX_X = 255;

    private final int x;
    private final BigInteger y;

    Share(int x, BigInteger y) {
        this.x = checkX(x, "share x");
        if (y.signum() < 0 || y.compareTo(ScalarField.ORDER) >= 0) {
            throw new IllegalArgumentException("share value must be in [0, q-1]");
        }
        this.y = y;
    }

    public int x() {
        return x;
    }

    BigInteger y() {
        return y;
    }

    /** The share's encoding, secret value included; seal it before it leaves the process. */
    public byte[] toBytes() {
        return encodeIndexedScalar(x, y);
    }

    public static Share fromBytes(byte[] bytes) {
        if (bytes.length != ENCODED_BYTES) {
            throw new IllegalArgumentException("a share is 33 bytes, not " + bytes.length);
        }
        return new Share(bytes[0] & 0xff, ScalarField.fromBytes(bytes, 1));
    }

    static byte[] encodeIndexedScalar(int x, BigInteger value) {
        byte[] out = new byte[1 + ScalarField.SCALAR_BYTES];
        out[0] = (byte) x;
        System.arraycopy(ScalarField.toBytes(value), 0, out, 1, ScalarField.SCALAR_BYTES);
        return out;
    }

    static int checkX(int x, String what) {
        if (x < MIN_X || x > MAX_X) {
            throw new IllegalArgumentException(what + " must be in 1..255, not " + x);
        }
        return x;
    }

    /** The x coordinates as a sorted set, refusing any out of range or repeated. */
    static SortedSet<Integer> distinctXs(Collection<Integer> xs, String what) {
        SortedSet<Integer> set = new TreeSet<>();
        for (int x : xs) {
            checkX(x, what);
            if (!set.add(x)) {
                throw new IllegalArgumentException(what + " " + x + " appears twice");
            }
        }
        return Collections.unmodifiableSortedSet(set);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Share other && MessageDigest.isEqual(toBytes(), other.toBytes());
    }

    @Override
    public int hashCode() {
        return x;
    }

    @Override
    public String toString() {
        return "Share[x=" + x + "]";
    }
}
