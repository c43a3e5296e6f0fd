package dev.dkg.otp.distributor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link OtpVerifier} decided about one code, for the response and the audit line. It never holds
 * the code: {@link #reason()} and {@link #toString()} are safe to log.
 */
public final class VerificationResult {
    /** The four distinct answers a verification can give. */
    public enum Outcome {
        /** The code was right and had not been used; it is now used. */
        ACCEPTED,
        /** Well-formed but wrong, replayed, or outside the window; counts towards lock-out. */
        REJECTED,
        /** The key is locked after too many failures; the code was not looked at. */
        LOCKED_OUT,
        /** Not a code of the key's length made of digits 0-9; nothing was computed or recorded. */
        MALFORMED,
        /** An administrator disabled the key; the code was not looked at and nothing was recorded. */
        DISABLED
    }

    private final Outcome outcome;
    private final String reason;
    private final Instant lockedUntil;

    private VerificationResult(Outcome outcome, String reason, Instant lockedUntil) {
        this.outcome = Objects.requireNonNull(outcome);
        this.reason = Objects.requireNonNull(reason);
        this.lockedUntil = lockedUntil;
    }

    static VerificationResult accepted(String reason) {
        return new VerificationResult(Outcome.ACCEPTED, reason, null);
    }

    static VerificationResult rejected(String reason, Instant lockedUntil) {
        return new VerificationResult(Outcome.REJECTED, reason, lockedUntil);
    }

    static VerificationResult lockedOut(Instant until) {
        return new VerificationResult(Outcome.LOCKED_OUT, "key locked until " + until, until);
    }

    static VerificationResult disabled() {
        return new VerificationResult(Outcome.DISABLED, "key disabled by an administrator", null);
    }

    static VerificationResult malformed(String reason) {
        return new VerificationResult(Outcome.MALFORMED, reason, null);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True only for {@link Outcome#ACCEPTED}. */
    public boolean isAccepted() {
        return outcome == Outcome.ACCEPTED;
    }

    /** Why, in a few words: e.g. "totp step drift -1", "code already used". Never contains the code. */
    public String reason() {
        return reason;
    }

    /** When the key's lock-out ends, if this attempt found the key locked or caused the lock. */
    public Optional<Instant> lockedUntil() {
        return Optional.ofNullable(lockedUntil);
    }

    @Override
    public String toString() {
        return outcome + " (" + reason + ")";
    }
}
