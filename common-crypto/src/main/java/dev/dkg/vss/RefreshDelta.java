package dev.dkg.vss;

import java.math.BigInteger;
import java.security.MessageDigest;

/**
 * One holder's point (x, δ(x)) on a random sharing of zero; added to the holder's share it re-randomises
 * the share without changing the secret. Its value is never in {@link #toString()}.
 *
 * <p>Encoding (33 bytes), the same layout as a {@link Share}: {@code x} as one unsigned byte, 1..255 |
 * {@code δ(x)} as a 32-byte big-endian scalar below q.
 */
public final class RefreshDelta {
    public static final int ENCODED_BYTES = 1 + ScalarField.SCALAR_BYTES;
    private final int x;
    private final BigInteger value;

    RefreshDelta(int x, BigInteger value) {
        this.x = Share.checkX(x, "delta x");
        if (value.signum() < 0 || value.compareTo(ScalarField.ORDER) >= 0) {
            throw new IllegalArgumentException("delta value must be in [0, q-1]");
        }
        this.value = value;
    }

    public int x() {
        return x;
    }

    BigInteger value() {
        return value;
    }

    /** The delta's encoding; it is as sensitive as a share (share + delta is the new share), so seal it. */
    public byte[] toBytes() {
        return Share.encodeIndexedScalar(x, value);
    }

    public static RefreshDelta fromBytes(byte[] bytes) {
        if (bytes.length != ENCODED_BYTES) {
            throw new IllegalArgumentException("a refresh delta is 33 bytes, not " + bytes.length);
        }
        return new RefreshDelta(bytes[0] & 0xff, ScalarField.fromBytes(bytes, 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RefreshDelta other && MessageDigest.isEqual(toBytes(), other.toBytes());
    }

    @Override
    public int hashCode() {
        return x;
    }

    @Override
    public String toString() {
        return "RefreshDelta[x=" + x + "]";
    }
}
