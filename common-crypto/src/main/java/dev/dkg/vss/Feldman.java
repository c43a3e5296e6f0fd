package dev.dkg.vss;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a secret t-of-n with Feldman-verifiable Shamir sharing over the P-256 scalar field, and joins
 * shares back. Guarantee: any t shares that verify against the commitments give the dealt secret; fewer
 * than t give no information about it beyond C_0 = s·G.
 *
 * <p>Randomness is always passed in, so tests can be deterministic and callers choose their source.
 */
public final class Feldman {
    private Feldman() {}

    /** A secret uniform in [1, q-1]. */
    public static Secret randomSecret(SecureRandom random) {
        return new Secret(ScalarField.randomNonZero(random));
    }

    /**
     * Shares f(1..n) of a random f of degree t-1 with f(0) = secret, and commitments C_j = a_j·G.
     *
     * @throws IllegalArgumentException unless 2 <= threshold <= shareCount <= 255
     */
    public static Dealing split(Secret secret, int threshold, int shareCount, SecureRandom random) {
        checkThresholdAndCount(threshold, shareCount);
        Polynomial polynomial = Polynomial.random(secret.value(), threshold, random);
        List<Share> shares = new ArrayList<>(shareCount);
        for (int x = 1; x <= shareCount; x++) {
            shares.add(new Share(x, polynomial.evaluate(x)));
        }
        return new Dealing(shares, polynomial.commitments());
    }

    /**
     * Verifies every share against the commitments, then interpolates f(0). At least t shares with
     * distinct x are needed; extra shares are used too (they lie on the same polynomial).
     *
     * @throws ShareVerificationException naming the first share that does not verify; a caller that
     *     wants to skip bad shares verifies each with {@link Commitments#verify(Share)} first
     * @throws IllegalArgumentException for fewer than t shares or a repeated x
     */
    public static Secret combine(Collection<Share> shares, Commitments commitments)
            throws ShareVerificationException {
        Map<Integer, BigInteger> points = pointsOf(shares, commitments.threshold());
        for (Share share : shares) {
            commitments.verify(share);
        }
        Secret secret = new Secret(Lagrange.interpolateAtZero(points));
        if (!secret.publicPoint().equals(commitments.secretCommitment())) {
            // Verified shares lie on the committed polynomial, so this cannot happen unless the algebra is broken.
            throw new IllegalStateException("verified shares interpolated to a value that does not match C_0");
        }
        return secret;
    }

    /**
     * Interpolates f(0) from shares nobody has checked. Without commitments a wrong share silently gives a
     * wrong secret; prefer {@link #combine(Collection, Commitments)}.
     *
     * @throws IllegalArgumentException for fewer than {@code threshold} shares, a repeated x, or shares that
     *     interpolate to zero (never a dealt secret)
     */
    public static Secret combineUnverified(Collection<Share> shares, int threshold) {
        if (threshold < Commitments.MIN_THRESHOLD || threshold > Commitments.MAX_THRESHOLD) {
            throw new IllegalArgumentException("threshold must be in 2..255, not " + threshold);
        }
        BigInteger value = Lagrange.interpolateAtZero(pointsOf(shares, threshold));
        if (value.signum() == 0) {
            throw new IllegalArgumentException("shares interpolate to zero, which is never a dealt secret");
        }
        return new Secret(value);
    }

    static void checkThresholdAndCount(int threshold, int shareCount) {
        if (threshold < Commitments.MIN_THRESHOLD) {
            throw new IllegalArgumentException("threshold must be >= 2, not " + threshold);
        }
        if (shareCount < threshold) {
            throw new IllegalArgumentException("share count must be >= threshold (" + threshold + "), not "
                    + shareCount);
        }
        if (shareCount > Share.MAX_X) {
            throw new IllegalArgumentException("share count must be <= 255, not " + shareCount);
        }
    }

    private static Map<Integer, BigInteger> pointsOf(Collection<Share> shares, int threshold) {
        Map<Integer, BigInteger> points = new LinkedHashMap<>();
        for (Share share : shares) {
            if (points.put(share.x(), share.y()) != null) {
                throw new IllegalArgumentException("share x=" + share.x() + " appears twice");
            }
        }
        if (points.size() < threshold) {
            throw new IllegalArgumentException("need at least " + threshold + " shares, got " + points.size());
        }
        return points;
    }
}
