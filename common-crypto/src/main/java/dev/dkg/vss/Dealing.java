package dev.dkg.vss;

import java.util.List;

/** What a split produces: one share per holder (x = 1..n, in order) and the public commitments. */
public final class Dealing {
    private final List<Share> shares;
    private final Commitments commitments;

    Dealing(List<Share> shares, Commitments commitments) {
        this.shares = List.copyOf(shares);
        this.commitments = commitments;
    }

    /** Shares for x = 1..n; shares().get(i) has x = i + 1. */
    public List<Share> shares() {
        return shares;
    }

    public Commitments commitments() {
        return commitments;
    }

    @Override
    public String toString() {
        return "Dealing[t=" + commitments.threshold() + ", n=" + shares.size() + "]";
    }
}
