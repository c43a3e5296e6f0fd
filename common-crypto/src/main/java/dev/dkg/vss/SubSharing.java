package dev.dkg.vss;

import java.util.List;

/**
 * What one old holder produces for a redistribution: a sub-share for every new holder and the public
 * commitments E_i to its sub-sharing polynomial g_i (with g_i(0) = its old share).
 */
public final class SubSharing {
    private final int senderX;
    private final Commitments commitments;
    private final List<SubShare> subShares;

    SubSharing(int senderX, Commitments commitments, List<SubShare> subShares) {
        this.senderX = senderX;
        this.commitments = commitments;
        this.subShares = List.copyOf(subShares);
    }

    public int senderX() {
        return senderX;
    }

    /** E_{i,0}..E_{i,t'-1}, to publish to every new holder. */
    public Commitments commitments() {
        return commitments;
    }

    /** One sub-share per new holder, in increasing recipient x; each goes only to its recipient. */
    public List<SubShare> subShares() {
        return subShares;
    }

    /** The sub-share for new holder {@code recipientX}. */
    public SubShare subShareFor(int recipientX) {
        for (SubShare subShare : subShares) {
            if (subShare.recipientX() == recipientX) {
                return subShare;
            }
        }
        throw new IllegalArgumentException("no sub-share for x=" + recipientX);
    }

    @Override
    public String toString() {
        return "SubSharing[from=" + senderX + ", t'=" + commitments.threshold() + ", n'=" + subShares.size() + "]";
    }
}
