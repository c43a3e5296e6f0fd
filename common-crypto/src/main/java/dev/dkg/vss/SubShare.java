package dev.dkg.vss;

import java.math.BigInteger;
import java.security.MessageDigest;

/**
 * The value g_i(j) that old holder i sends new holder j during redistribution: a share of i's share. Its
 * value is never in {@link #toString()}.
 *
 * <p>Encoding (34 bytes): {@code sender} x as one unsigned byte, 1..255 | {@code recipient} x as one
 * unsigned byte, 1..255 | {@code g_i(j)} as a 32-byte big-endian scalar below q.
 */
public final class SubShare {
    public static final int ENCODED_BYTES = 2 + ScalarField.SCALAR_BYTES;
    private final int senderX;
    private final int recipientX;
    private final BigInteger value;

    SubShare(int senderX, int recipientX, BigInteger value) {
        this.senderX = Share.checkX(senderX, "sender x");
        this.recipientX = Share.checkX(recipientX, "recipient x");
        if (value.signum() < 0 || value.compareTo(ScalarField.ORDER) >= 0) {
            throw new IllegalArgumentException("sub-share value must be in [0, q-1]");
        }
        this.value = value;
    }

    /** The old holder i who made this sub-share. */
    public int senderX() {
        return senderX;
    }

    /** The new holder j it is for. */
    public int recipientX() {
        return recipientX;
    }

    BigInteger value() {
        return value;
    }

    /** The sub-share's encoding, secret value included; seal it to the recipient. */
    public byte[] toBytes() {
        byte[] out = new byte[ENCODED_BYTES];
        out[0] = (byte) senderX;
        out[1] = (byte) recipientX;
        System.arraycopy(ScalarField.toBytes(value), 0, out, 2, ScalarField.SCALAR_BYTES);
        return out;
    }

    public static SubShare fromBytes(byte[] bytes) {
        if (bytes.length != ENCODED_BYTES) {
            throw new IllegalArgumentException("a sub-share is 34 bytes, not " + bytes.length);
        }
        return new SubShare(bytes[0] & 0xff, bytes[1] & 0xff, ScalarField.fromBytes(bytes, 2));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubShare other && MessageDigest.isEqual(toBytes(), other.toBytes());
    }

    @Override
    public int hashCode() {
        return senderX * 256 + recipientX;
    }

    @Override
    public String toString() {
        return "SubShare[from=" + senderX + ", to=" + recipientX + "]";
    }
}
