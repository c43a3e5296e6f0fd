package dev.dkg.keygen.client;

import dev.dkg.keygen.RoundAborted;

/** The server aborted the round; carries its reason and the culprits it named. */
public final class RoundAbortedException extends Exception {
    private final RoundAborted aborted;

    public RoundAbortedException(RoundAborted aborted) {
        super("round aborted: " + aborted.describe());
        this.aborted = aborted;
    }

    public RoundAborted aborted() {
        return aborted;
    }
}
