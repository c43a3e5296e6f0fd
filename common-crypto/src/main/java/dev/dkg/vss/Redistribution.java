package dev.dkg.vss;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Moves a Feldman sharing to a new threshold t' and a new set of holders without reconstructing the secret
 * anywhere. Guarantee: if every sub-sharing passes {@link #verify}, the new shares are a t'-of-n' sharing
 * of the same secret under commitments every new holder computes alike; a sub-sharing that does not match
 * the sender's old share is refused with the sender named.
 *
 * <p>The plan (old commitments, senders S, t', new holder x values) is public and all parties must use
 * the same one. Each old holder i in S calls {@link #subShare}; it shares its s_i with a fresh g_i of
 * degree t'-1 and commits E_{i,k} = g_{i,k}·G. Each new holder j checks every sub-share it receives with
 * {@link #verify}, then computes s'_j = Σ_{i∈S} λ_i(S)·g_i(j) with {@link #combineSubShares} and
 * C'_k = Σ_{i∈S} λ_i(S)·E_{i,k} with {@link #combineCommitments}. Raising or lowering t and disjoint or
 * overlapping holder sets all work the same way.
 */
public final class Redistribution {
    private final Commitments oldCommitments;
    private final int newThreshold;
    private final SortedSet<Integer> recipientXs;
    private final Map<Integer, BigInteger> lagrangeBySender = new LinkedHashMap<>();

    /**
     * @param oldCommitments the commitments of the sharing being redistributed
     * @param senderXs the set S of old holders taking part: at least the old threshold
     * @param newThreshold t'
     * @param recipientXs the new holders' x values: at least t', at most 255, may overlap the old ones
     * @throws IllegalArgumentException for x values out of 1..255 or repeated, too few senders, or
     *     t' outside 2..n'
     */
    public Redistribution(Commitments oldCommitments, Collection<Integer> senderXs, int newThreshold,
            Collection<Integer> recipientXs) {
        this.oldCommitments = oldCommitments;
        SortedSet<Integer> senders = Share.distinctXs(senderXs, "sender x");
        if (senders.size() < oldCommitments.threshold()) {
            throw new IllegalArgumentException("need at least " + oldCommitments.threshold()
                    + " old holders as senders, got " + senders.size());
        }
        this.recipientXs = Share.distinctXs(recipientXs, "recipient x");
        Feldman.checkThresholdAndCount(newThreshold, this.recipientXs.size());
        this.newThreshold = newThreshold;
        for (int i : senders) {
            lagrangeBySender.put(i, Lagrange.coefficientAtZero(i, senders));
        }
    }

    public Commitments oldCommitments() {
        return oldCommitments;
    }

    /** S, in increasing order. */
    public Set<Integer> senderXs() {
        return Collections.unmodifiableSet(lagrangeBySender.keySet());
    }

    public int newThreshold() {
        return newThreshold;
    }

    /** The new holders' x values, in increasing order. */
    public Set<Integer> recipientXs() {
        return recipientXs;
    }

    /**
     * Old holder's step: checks its own share against the old commitments (so a corrupted share is caught
     * before it spreads), then shares it with a fresh polynomial of degree t'-1.
     *
     * @throws ShareVerificationException if the old share does not match the old commitments
     * @throws IllegalArgumentException if the share's x is not one of the senders
     */
    public SubSharing subShare(Share oldShare, SecureRandom random) throws ShareVerificationException {
        if (!lagrangeBySender.containsKey(oldShare.x())) {
            throw new IllegalArgumentException("x=" + oldShare.x() + " is not one of the senders " + senderXs());
        }
        oldCommitments.verify(oldShare);
        if (oldShare.y().signum() == 0) {
            // Probability 2^-256 for a dealt share: E_0 would be the identity, which has no encoding.
            throw new IllegalStateException("share x=" + oldShare.x() + " is zero; refresh before redistributing");
        }
        Polynomial g = Polynomial.random(oldShare.y(), newThreshold, random);
        List<SubShare> subShares = new ArrayList<>(recipientXs.size());
        for (int j : recipientXs) {
            subShares.add(new SubShare(oldShare.x(), j, g.evaluate(j)));
        }
        return new SubSharing(oldShare.x(), g.commitments(), subShares);
    }

    /**
     * New holder's check of one sub-share: the sender's commitments have t' points, E_{i,0} equals s_i·G as
     * the old commitments imply (Σ C_k·i^k), and g_i(j)·G = Σ E_{i,k}·j^k.
     *
     * @throws ShareVerificationException naming the sender if any check fails
     * @throws IllegalArgumentException if the sender or recipient is not part of this redistribution
     */
    public void verify(SubShare subShare, Commitments senderCommitments) throws ShareVerificationException {
        int i = subShare.senderX();
        checkSender(i);
        if (!recipientXs.contains(subShare.recipientX())) {
            throw new IllegalArgumentException("x=" + subShare.recipientX() + " is not a recipient");
        }
        checkSenderCommitments(i, senderCommitments);
        if (!CurveGroup.baseTimes(subShare.value()).equals(senderCommitments.evaluate(subShare.recipientX()))) {
            throw new ShareVerificationException(i, "sub-share from x=" + i + " to x=" + subShare.recipientX()
                    + " does not match its sender's commitments");
        }
    }

    /**
     * New holder's share s'_j = Σ_{i∈S} λ_i(S)·g_i(j), after verifying every sub-share. Needs exactly one
     * sub-share from each sender, all for the same recipient, and each sender's commitments.
     *
     * @throws ShareVerificationException naming the first sender whose sub-share or commitments fail
     * @throws GeneralSecurityException if the combined commitments are degenerate (see
     *     {@link #combineCommitments})
     * @throws IllegalArgumentException if senders are missing, repeated or foreign, or recipients differ
     */
    public Share combineSubShares(Collection<SubShare> subShares, Map<Integer, Commitments> commitmentsBySender)
            throws GeneralSecurityException {
        if (subShares.isEmpty()) {
            throw new IllegalArgumentException("no sub-shares");
        }
        int recipient = subShares.iterator().next().recipientX();
        Set<Integer> seen = new HashSet<>();
        for (SubShare subShare : subShares) {
            if (subShare.recipientX() != recipient) {
                throw new IllegalArgumentException("sub-shares are for different recipients: x=" + recipient
                        + " and x=" + subShare.recipientX());
            }
            if (!seen.add(subShare.senderX())) {
                throw new IllegalArgumentException("two sub-shares from x=" + subShare.senderX());
            }
        }
        checkAllSenders(seen, "sub-shares");
        checkAllSenders(commitmentsBySender.keySet(), "sender commitments");
        BigInteger value = BigInteger.ZERO;
        for (SubShare subShare : subShares) {
            verify(subShare, commitmentsBySender.get(subShare.senderX()));
            BigInteger lambda = lagrangeBySender.get(subShare.senderX());
            value = ScalarField.add(value, ScalarField.multiply(lambda, subShare.value()));
        }
        Share share = new Share(recipient, value);
        // Implied by the checks above; kept because a mismatch here would hand out a share nobody can use.
        combineCommitments(commitmentsBySender).verify(share);
        return share;
    }

    /**
     * The new commitments C'_k = Σ_{i∈S} λ_i(S)·E_{i,k}, after checking each sender's commitments against
     * the old ones. C'_0 equals the old C_0: the secret is unchanged.
     *
     * @throws ShareVerificationException naming a sender whose commitments have the wrong count or whose
     *     E_{i,0} does not match its old share
     * @throws GeneralSecurityException if some C'_k is the identity point: negligible for honest senders,
     *     so a sender chose its E_i to cancel the others; start again with fresh sub-sharings
     * @throws IllegalArgumentException if senders are missing or foreign
     */
    public Commitments combineCommitments(Map<Integer, Commitments> commitmentsBySender)
            throws GeneralSecurityException {
        checkAllSenders(commitmentsBySender.keySet(), "sender commitments");
        for (Map.Entry<Integer, Commitments> entry : commitmentsBySender.entrySet()) {
            checkSenderCommitments(entry.getKey(), entry.getValue());
        }
        List<CurvePoint> points = new ArrayList<>(newThreshold);
        for (int k = 0; k < newThreshold; k++) {
            ECPoint sum = CurveGroup.CURVE.getInfinity();
            for (Map.Entry<Integer, BigInteger> sender : lagrangeBySender.entrySet()) {
                ECPoint e = commitmentsBySender.get(sender.getKey()).points().get(k).raw();
                sum = sum.add(e.multiply(sender.getValue()));
            }
            if (sum.isInfinity()) {
                throw new GeneralSecurityException("combined commitment C'_" + k + " is the identity point");
            }
            points.add(CurvePoint.of(sum));
        }
        Commitments combined = new Commitments(points);
        if (!combined.secretCommitment().equals(oldCommitments.secretCommitment())) {
            // Implied by the per-sender E_{i,0} checks and Lagrange at 0.
            throw new IllegalStateException("combined C'_0 differs from the old C_0");
        }
        return combined;
    }

    private void checkSender(int i) {
        if (!lagrangeBySender.containsKey(i)) {
            throw new IllegalArgumentException("x=" + i + " is not one of the senders " + senderXs());
        }
    }

    private void checkAllSenders(Set<Integer> present, String what) {
        if (!present.equals(lagrangeBySender.keySet())) {
            throw new IllegalArgumentException(what + " are from " + new TreeSet<>(present)
                    + ", expected exactly the senders " + senderXs());
        }
    }

    private void checkSenderCommitments(int i, Commitments senderCommitments) throws ShareVerificationException {
        checkSender(i);
        if (senderCommitments.threshold() != newThreshold) {
            throw new ShareVerificationException(i, "sub-sharing from x=" + i + " has threshold "
                    + senderCommitments.threshold() + ", expected " + newThreshold);
        }
        if (!senderCommitments.secretCommitment().raw().equals(oldCommitments.evaluate(i))) {
            throw new ShareVerificationException(i, "sub-sharing from x=" + i
                    + " does not share x=" + i + "'s old share (E_0 disagrees with the old commitments)");
        }
    }

    @Override
    public String toString() {
        return "Redistribution[t=" + oldCommitments.threshold() + ", senders=" + senderXs() + ", t'=" + newThreshold
                + ", recipients=" + recipientXs + "]";
    }
}
