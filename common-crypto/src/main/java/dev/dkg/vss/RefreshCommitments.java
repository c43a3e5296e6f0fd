package dev.dkg.vss;

import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Feldman commitments D_1..D_{t-1} to a sharing δ of zero; D_0 would be the identity point, so it is
 * implied, not stored. A delta (x, d) belongs to the sharing exactly when d·G = Σ_{j>=1} D_j·x^j.
 *
 * <p>Encoding: {@code count} as one unsigned byte (t-1, 1..254) | {@code count} points of 33 bytes each in
 * order D_1..D_{t-1} (see {@link CurvePoint}); the total length must be exact.
 */
public final class RefreshCommitments {
    static final int MIN_COUNT = Commitments.MIN_THRESHOLD - 1;
    static final int MAX_COUNT = Commitments.MAX_THRESHOLD - 1;
    private final List<CurvePoint> points;

    RefreshCommitments(List<CurvePoint> points) {
        if (points.size() < MIN_COUNT || points.size() > MAX_COUNT) {
            throw new IllegalArgumentException("refresh commitments count must be in 1..254, not "
                    + points.size());
        }
        this.points = List.copyOf(points);
    }

    /** The threshold of the sharings this refresh applies to: one more than the number of points. */
    public int threshold() {
        return points.size() + 1;
    }

    /** D_1..D_{t-1}, unmodifiable. */
    public List<CurvePoint> points() {
        return points;
    }

    /** Σ_{j>=1} D_j·x^j = x·Σ_{j>=1} D_j·x^(j-1). */
    ECPoint evaluate(int x) {
        return CurveGroup.evaluate(points, x).multiply(BigInteger.valueOf(x)).normalize();
    }

    public byte[] toBytes() {
        return Commitments.encodePoints(points);
    }

    public static RefreshCommitments fromBytes(byte[] bytes) {
        return new RefreshCommitments(Commitments.decodePoints(bytes, MIN_COUNT, MAX_COUNT, "refresh commitments"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RefreshCommitments other && points.equals(other.points);
    }

    @Override
    public int hashCode() {
        return points.hashCode();
    }

    @Override
    public String toString() {
        return "RefreshCommitments[t=" + threshold() + "]";
    }
}
