package dev.dkg.otp.distributor;

import java.time.Duration;
import java.util.Objects;

/**
 * The verifier's tunables: HOTP look-ahead, and how many consecutive failures lock a key for how long.
 * The TOTP window is fixed at one step either side (RFC 6238 section 5.2's recommendation).
 *
 * @param hotpLookAhead counters beyond the expected one that are tried (0 to 100); a match there
 *     resynchronises the counter
 * @param maxConsecutiveFailures failures in a row that lock the key (1 to 1000)
 * @param lockout how long a locked key refuses every code, right or wrong
 */
public record VerificationPolicy(int hotpLookAhead, int maxConsecutiveFailures, Duration lockout) {
    public static final VerificationPolicy DEFAULT = new VerificationPolicy(10, 5, Duration.ofMinutes(5));

    public VerificationPolicy {
        Objects.requireNonNull(lockout, "lockout");
        if (hotpLookAhead < 0 || hotpLookAhead > 100) {
            throw new IllegalArgumentException("HOTP look-ahead must be from 0 to 100, not " + hotpLookAhead);
        }
        if (maxConsecutiveFailures < 1 || maxConsecutiveFailures > 1000) {
            throw new IllegalArgumentException("failures before lock-out must be from 1 to 1000, not "
                    + maxConsecutiveFailures);
        }
        if (lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("lock-out duration must be positive");
        }
    }
}
