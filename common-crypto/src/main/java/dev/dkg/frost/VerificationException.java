package dev.dkg.frost;

import java.security.GeneralSecurityException;
import java.util.OptionalInt;

/**
 * A check of a FROST or DKG value failed: a signature, a signature share, a proof of knowledge, or a share
 * against its commitment. It names the participant at fault when the check can tell (identifiable abort).
 * Checked, so a failed check cannot be ignored the way a {@code false} could.
 */
public final class VerificationException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;
    private final int culprit;

    /** A failure not attributable to one participant (for instance a bad aggregate signature). */
    public VerificationException(String message) {
        super(message);
        this.culprit = 0;
    }

    /** A failure caused by participant {@code culprit} (its identifier, 1 or more). */
    public VerificationException(String message, int culprit) {
        super(message);
        if (culprit < 1) {
            throw new IllegalArgumentException("a culprit is a participant identifier, 1 or more");
        }
        this.culprit = culprit;
    }

    /** The identifier of the participant at fault, if the check could tell. */
    public OptionalInt culprit() {
        return culprit == 0 ? OptionalInt.empty() : OptionalInt.of(culprit);
    }
}
