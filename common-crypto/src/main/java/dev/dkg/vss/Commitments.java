package dev.dkg.vss;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Feldman commitments C_j = a_j·G to the coefficients of a sharing polynomial of degree t-1; a share
 * (x, y) belongs to the sharing exactly when y·G = Σ C_j·x^j, which {@link #verify(Share)} enforces.
 *
 * <p>C_0 = s·G is public, so the secret must be a uniformly random scalar, never a user-chosen phrase:
 * anyone holding the commitments could test guesses against C_0.
 *
 * <p>Encoding: {@code count} as one unsigned byte (the threshold t, 2..255) | {@code count} points of
 * 33 bytes each in order C_0..C_{t-1} (see {@link CurvePoint}); the total length must be exact.
 */
public final class Commitments {
    static final int MIN_THRESHOLD = 2;
    static final int MAX_THRESHOLD = 255;

    private final List<CurvePoint> points;

    Commitments(List<CurvePoint> points) {
        if (points.size() < MIN_THRESHOLD || points.size() > MAX_THRESHOLD) {
            throw new IllegalArgumentException("commitments count must be in 2..255, not " + points.size());
        }
        this.points = List.copyOf(points);
    }

    /** The number of shares needed to recover the secret: one per coefficient. */
    public int threshold() {
        return points.size();
    }

    /** C_0 = s·G. */
    public CurvePoint secretCommitment() {
        return points.get(0);
    }

    /** C_0..C_{t-1}, unmodifiable. */
    public List<CurvePoint> points() {
        return points;
    }

    /** Returns normally only if y·G = Σ C_j·x^j; otherwise throws naming the share's x. */
    public void verify(Share share) throws ShareVerificationException {
        if (!CurveGroup.baseTimes(share.y()).equals(evaluate(share.x()))) {
            throw new ShareVerificationException(share.x(),
                    "share x=" + share.x() + " does not match the commitments");
        }
    }

    /** Σ C_j·x^j, i.e. f(x)·G. */
    ECPoint evaluate(int x) {
        return CurveGroup.evaluate(points, x);
    }

    public byte[] toBytes() {
        return encodePoints(points);
    }

    public static Commitments fromBytes(byte[] bytes) {
        List<CurvePoint> points = decodePoints(bytes, MIN_THRESHOLD, MAX_THRESHOLD, "commitments");
        return new Commitments(points);
    }

    static byte[] encodePoints(List<CurvePoint> points) {
        byte[] out = new byte[1 + points.size() * CurvePoint.ENCODED_BYTES];
        out[0] = (byte) points.size();
        for (int j = 0; j < points.size(); j++) {
            System.arraycopy(points.get(j).toBytes(), 0, out, 1 + j * CurvePoint.ENCODED_BYTES,
                    CurvePoint.ENCODED_BYTES);
        }
        return out;
    }

    /** Reads {@code u8 count | count points}, checking the count and the exact length before decoding. */
    static List<CurvePoint> decodePoints(byte[] bytes, int minCount, int maxCount, String what) {
        if (bytes.length < 1) {
            throw new IllegalArgumentException(what + " encoding is empty");
        }
        int count = bytes[0] & 0xff;
        if (count < minCount || count > maxCount) {
            throw new IllegalArgumentException(what + " count must be in " + minCount + ".." + maxCount
                    + ", not " + count);
        }
        int expected = 1 + count * CurvePoint.ENCODED_BYTES;
        if (bytes.length != expected) {
            throw new IllegalArgumentException(what + " with " + count + " points are " + expected
                    + " bytes, not " + bytes.length);
        }
        List<CurvePoint> points = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            points.add(CurvePoint.decode(bytes, 1 + j * CurvePoint.ENCODED_BYTES));
        }
        return points;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Commitments other && points.equals(other.points);
    }

    @Override
    public int hashCode() {
        return points.hashCode();
    }

    @Override
    public String toString() {
        return "Commitments[t=" + points.size() + ", C0=" + points.get(0) + "]";
    }
}
