package dev.dkg.frost;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Redistribution of a threshold key to new holders and/or a new threshold without rebuilding the secret
 * (Desmedt-Jajodia / Wong-Wang-Wing style sub-sharing): t old holders i in S each share their share s_i
 * with a polynomial g_i of degree t'-1 (g_i(0) = s_i); new holder j's share is s'_j = Σ_{i in S} lambda_i·g_i(j)
 * with lambda_i the Lagrange coefficients of S. The group key is unchanged: Σ lambda_i·s_i = s.
 *
 * <p>Every step is checkable: a sub-sharing's commitment must start with the old holder's published
 * verification share (C'_i0 = PK_i), each sub-share must match its commitment, and the combined commitment
 * Σ lambda_i·C'_i must have the group key as its constant.
 */
public final class ShareRedistribution {
    private ShareRedistribution() {}

    /** Old holder's sub-sharing polynomial g_i: constant s_i, degree t'-1. */
    public static Polynomial subShare(SecretShare share, int newThreshold, SecureRandom random) {
        if (newThreshold < 2) {
            throw new IllegalArgumentException("a threshold is 2 or more");
        }
        return Polynomial.random(share.suite(), share.value(), newThreshold, random);
    }

    /**
     * A new holder's check of the sub-share it got from {@code oldHolder}.
     *
     * @param oldVerificationShare PK_i from the key's public record
     * @throws VerificationException naming the old holder
     */
    public static void verifySubShare(SecretShare subShare, VssCommitment commitment, int oldHolder,
            Element oldVerificationShare) throws VerificationException {
        if (!commitment.constant().equals(oldVerificationShare)) {
            throw new VerificationException("participant " + oldHolder + " sub-shared something other than its share",
                    oldHolder);
        }
        commitment.verifyShare(subShare, oldHolder);
    }

    /** s'_j = Σ lambda_i·g_i(j), the map's keys being the old holders S (all sub-shares for j). */
    public static SecretShare combine(Ciphersuite suite, int newIdentifier, SortedMap<Integer, SecretShare> subShares) {
        List<Integer> oldHolders = new ArrayList<>(subShares.keySet());
        BigInteger sum = BigInteger.ZERO;
        for (Map.Entry<Integer, SecretShare> entry : subShares.entrySet()) {
            SecretShare subShare = entry.getValue();
            if (subShare.identifier() != newIdentifier || subShare.suite() != suite) {
                throw new IllegalArgumentException("a sub-share for another participant or suite was given");
            }
            sum = sum.add(Lagrange.coefficient(suite, entry.getKey(), oldHolders).multiply(subShare.value()));
        }
        return new SecretShare(suite, newIdentifier, sum.mod(suite.order()));
    }

    /**
     * Σ lambda_i·C'_i over the old holders' sub-sharing commitments, checked to keep the group key.
     * Its evaluate(j) is new holder j's verification share.
     *
     * @throws VerificationException if its constant is not the group key
     */
    public static VssCommitment newGroupCommitment(Ciphersuite suite, SortedMap<Integer, VssCommitment> commitments,
            Element groupKey) throws VerificationException {
        List<Integer> oldHolders = new ArrayList<>(commitments.keySet());
        List<VssCommitment> scaled = new ArrayList<>();
        for (Map.Entry<Integer, VssCommitment> entry : commitments.entrySet()) {
            scaled.add(entry.getValue().times(Lagrange.coefficient(suite, entry.getKey(), oldHolders)));
        }
        VssCommitment combined = VssCommitment.sum(scaled);
        if (!combined.constant().equals(groupKey)) {
            throw new VerificationException("the sub-sharings do not recombine to the group key");
        }
        return combined;
    }
}
