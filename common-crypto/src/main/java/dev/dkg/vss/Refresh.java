package dev.dkg.vss;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Proactive refresh: re-randomises every holder's share while the secret, the threshold and the holders
 * stay the same. Guarantee: refreshed shares recover the same secret, and shares from before and after a
 * refresh do not combine into it (their mix lies on no single polynomial of degree t-1).
 *
 * <p>The dealer calls {@link #create} knowing only the public commitments; it holds no share. Each holder
 * then calls {@link #refreshShare} and {@link #refreshCommitments}, which check the dealer's work.
 */
public final class Refresh {
    private final List<RefreshDelta> deltas;
    private final RefreshCommitments commitments;

    private Refresh(List<RefreshDelta> deltas, RefreshCommitments commitments) {
        this.deltas = List.copyOf(deltas);
        this.commitments = commitments;
    }

    /**
     * A random δ of degree t-1 with δ(0) = 0, its deltas δ(x) for each holder and commitments D_j = δ_j·G.
     * A coefficient with δ_j·G = -C_j is drawn again, so no refreshed commitment is the identity.
     *
     * @throws IllegalArgumentException if the holder x values repeat, fall outside 1..255, or are fewer
     *     than t
     */
    public static Refresh create(Commitments current, Collection<Integer> holderXs, SecureRandom random) {
        SortedSet<Integer> xs = Share.distinctXs(holderXs, "holder x");
        int threshold = current.threshold();
        Feldman.checkThresholdAndCount(threshold, xs.size());
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = BigInteger.ZERO;
        List<CurvePoint> points = new ArrayList<>(threshold - 1);
        for (int j = 1; j < threshold; j++) {
            ECPoint commitment;
            do {
                coefficients[j] = ScalarField.randomNonZero(random);
                commitment = CurveGroup.baseTimes(coefficients[j]);
            } while (commitment.add(current.points().get(j).raw()).isInfinity());
            points.add(CurvePoint.of(commitment));
        }
        Polynomial delta = Polynomial.of(coefficients);
        List<RefreshDelta> deltas = new ArrayList<>(xs.size());
        for (int x : xs) {
            deltas.add(new RefreshDelta(x, delta.evaluate(x)));
        }
        return new Refresh(deltas, new RefreshCommitments(points));
    }

    /** One delta per holder, in increasing x. */
    public List<RefreshDelta> deltas() {
        return deltas;
    }

    /** D_1..D_{t-1}, to publish to every holder alongside its delta. */
    public RefreshCommitments commitments() {
        return commitments;
    }

    /**
     * The holder's new share y + δ(x), after checking its current share against the current commitments
     * and the delta against the refresh commitments.
     *
     * @throws ShareVerificationException naming x if either check fails
     * @throws IllegalArgumentException if the delta is for another x, or the refresh commitments are for
     *     another threshold (which would silently change the degree of the sharing)
     */
    public static Share refreshShare(Share share, Commitments current, RefreshDelta delta,
            RefreshCommitments deltaCommitments) throws ShareVerificationException {
        if (delta.x() != share.x()) {
            throw new IllegalArgumentException("delta is for x=" + delta.x() + ", share is x=" + share.x());
        }
        checkSameThreshold(current, deltaCommitments);
        current.verify(share);
        if (!CurveGroup.baseTimes(delta.value()).equals(deltaCommitments.evaluate(delta.x()))) {
            throw new ShareVerificationException(delta.x(),
                    "refresh delta for x=" + delta.x() + " does not match the refresh commitments");
        }
        return new Share(share.x(), ScalarField.add(share.y(), delta.value()));
    }

    /**
     * The commitments after the refresh: C'_0 = C_0, C'_j = C_j + D_j. Every holder computes these itself
     * rather than trusting a published copy.
     *
     * @throws GeneralSecurityException if some D_j = -C_j (an honest dealer never sends that: the result
     *     would be the identity, which commitments may not contain)
     * @throws IllegalArgumentException if the refresh commitments are for another threshold
     */
    public static Commitments refreshCommitments(Commitments current, RefreshCommitments deltaCommitments)
            throws GeneralSecurityException {
        checkSameThreshold(current, deltaCommitments);
        List<CurvePoint> points = new ArrayList<>(current.threshold());
        points.add(current.secretCommitment());
        for (int j = 1; j < current.threshold(); j++) {
            ECPoint sum = current.points().get(j).raw().add(deltaCommitments.points().get(j - 1).raw());
            if (sum.isInfinity()) {
                throw new GeneralSecurityException("refresh commitment D_" + j + " cancels C_" + j);
            }
            points.add(CurvePoint.of(sum));
        }
        return new Commitments(points);
    }

    private static void checkSameThreshold(Commitments current, RefreshCommitments deltaCommitments) {
        if (deltaCommitments.threshold() != current.threshold()) {
            throw new IllegalArgumentException("refresh commitments are for threshold " + deltaCommitments.threshold()
                    + ", the sharing has threshold " + current.threshold());
        }
    }

    @Override
    public String toString() {
        return "Refresh[t=" + commitments.threshold() + ", n=" + deltas.size() + "]";
    }
}
