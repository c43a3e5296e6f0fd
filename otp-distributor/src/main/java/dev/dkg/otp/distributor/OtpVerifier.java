package dev.dkg.otp.distributor;

import dev.dkg.otp.Hotp;
import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.Totp;
import dev.dkg.otp.protocol.OtpAdminAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Verifies TOTP and HOTP codes for keys and issues the codes they accept; the only writer of each key's
 * {@link VerificationState}.
 *
 * <p>Security guarantees, given a {@link VerificationStateStore} that keeps its contract:
 * <ul>
 *   <li>a TOTP code is accepted only for the current step or one step either side, and only for a step
 *       later than the last step accepted for that key, so no code (nor an older one) is accepted twice
 *       (RFC 6238 section 5.2);</li>
 *   <li>an HOTP code is accepted only for a counter from the expected one to look-ahead beyond it; the
 *       counter then moves past the match and never moves back (RFC 4226 section 7.4);</li>
 *   <li>after the policy's number of consecutive rejections the key refuses every code, right or wrong,
 *       for the lock-out duration;</li>
 *   <li>malformed input is refused before any HMAC or state access; codes are compared with
 *       {@link MessageDigest#isEqual}; every window position is computed, whichever matches;</li>
 *   <li>a change of state is saved before the result (or an issued code) is returned.</li>
 * </ul>
 * Operations on one key are serialised here, and each is one {@link VerificationStateStore#update} (one
 * database transaction when the store is shared by several distributors); different keys proceed in
 * parallel. Secrets are used for the call only and are not retained.
 */
public final class OtpVerifier {
    private final VerificationStateStore store;
    private final VerificationPolicy policy;
    private final Clock clock;
    private final Map<String, ReentrantLock> keyLocks = new ConcurrentHashMap<>();

    public OtpVerifier(VerificationStateStore store, VerificationPolicy policy, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key's TOTP code for now, and how many seconds are left in its step. Changes no state. */
    public IssuedTotp currentTotp(byte[] secret, OtpParameters parameters) {
        Instant now = clock.instant();
        long step = Totp.timeStep(now, parameters);
        return new IssuedTotp(Totp.generate(secret, step, parameters), step, Totp.secondsLeftInStep(now, parameters));
    }

    /**
     * Hands out the key's next HOTP code and records that its counter is used. The counter is never
     * below the one verification expects, so an issued code is always one verification can accept.
     *
     * @return the code, or null if the key is disabled (nothing is recorded then)
     */
    public IssuedHotp nextHotp(String keyId, byte[] secret, OtpParameters parameters) throws IOException {
        ReentrantLock lock = lockFor(keyId);
        lock.lock();
        try {
            return store.update(keyId, state -> {
                if (state.disabled()) {
                    return new VerificationStateStore.Transition<>(null, null);
                }
                long counter = Math.max(state.hotpIssueCounter(), state.hotpVerifyCounter());
                String code = Hotp.generate(secret, counter, parameters.digits(), parameters.algorithm());
                return new VerificationStateStore.Transition<>(new VerificationState(state.hotpVerifyCounter(),
                        counter + 1, state.lastAcceptedTotpStep(), state.consecutiveFailures(),
                        state.lockedUntilEpochMilli(), false), new IssuedHotp(code, counter));
            });
        } finally {
            lock.unlock();
        }
    }

    /** Verifies a TOTP code against the key's secret, within one step either side of now. */
    public VerificationResult verifyTotp(String keyId, byte[] secret, OtpParameters parameters, String code)
            throws IOException {
        return verify(keyId, parameters, code, (state, now, candidate) -> {
            long current = Totp.timeStep(now, parameters);
            // Current step first, then the one before (slow clocks, slow typing), then the one after.
            long[] steps = current == 0 ? new long[] {0, 1} : new long[] {current, current - 1, current + 1};
            long acceptedStep = -1;
            boolean replayed = false;
            for (long step : steps) {
                boolean matches = codesEqual(Totp.generate(secret, step, parameters), candidate);
                if (matches && step > state.lastAcceptedTotpStep() && acceptedStep < 0) {
                    acceptedStep = step;
                } else if (matches && step <= state.lastAcceptedTotpStep()) {
                    replayed = true;
                }
            }
            if (acceptedStep >= 0) {
                VerificationState next = new VerificationState(state.hotpVerifyCounter(), state.hotpIssueCounter(),
                        acceptedStep, 0, 0);
                return Decision.accept(next, "totp step drift " + (acceptedStep - current));
            }
            return Decision.reject(replayed ? "code already used" : "no totp match within one step");
        });
    }

    /** Verifies an HOTP code, looking ahead from the expected counter and resynchronising on a match. */
    public VerificationResult verifyHotp(String keyId, byte[] secret, OtpParameters parameters, String code)
            throws IOException {
        return verify(keyId, parameters, code, (state, now, candidate) -> {
            long expected = state.hotpVerifyCounter();
            long last = expected + Math.min(policy.hotpLookAhead(), Long.MAX_VALUE - 1 - expected);
            long matched = -1;
            for (long counter = expected; counter <= last; counter++) {
                boolean matches = codesEqual(
                        Hotp.generate(secret, counter, parameters.digits(), parameters.algorithm()), candidate);
                if (matches && matched < 0) {
                    matched = counter;
                }
            }
            if (matched < 0) {
                return Decision.reject("no hotp match in counters " + expected + " to " + last);
            }
            VerificationState next = new VerificationState(matched + 1, state.hotpIssueCounter(),
                    state.lastAcceptedTotpStep(), 0, 0);
            String reason = matched == expected
                    ? "hotp counter " + matched
                    : "hotp counter " + matched + ", resynchronised " + (matched - expected) + " ahead";
            return Decision.accept(next, reason);
        });
    }

    private interface Check {
        Decision decide(VerificationState state, Instant now, byte[] candidate);
    }

    private record Decision(VerificationState acceptedState, String reason) {
        static Decision accept(VerificationState next, String reason) {
            return new Decision(next, reason);
        }

        static Decision reject(String reason) {
            return new Decision(null, reason);
        }
    }

    private VerificationResult verify(String keyId, OtpParameters parameters, String code, Check check)
            throws IOException {
        checkKeyId(keyId);
        String malformation = malformation(code, parameters.digits());
        if (malformation != null) {
            return VerificationResult.malformed(malformation);
        }
        byte[] candidate = code.getBytes(StandardCharsets.US_ASCII);
        ReentrantLock lock = lockFor(keyId);
        lock.lock();
        try {
            // Decided inside the store's atomic step, with the clock read there: a distributor that waited for
            // another one's transaction on this key decides on the state that one left.
            return store.update(keyId, stored -> decide(stored, check, candidate));
        } finally {
            lock.unlock();
        }
    }

    private VerificationStateStore.Transition<VerificationResult> decide(VerificationState stored, Check check,
                                                                        byte[] candidate) {
        Instant now = clock.instant();
        long nowMilli = now.toEpochMilli();
        VerificationState state = stored;
        if (state.disabled()) {
            return new VerificationStateStore.Transition<>(null, VerificationResult.disabled());
        }
        if (state.lockedAt(nowMilli)) {
            return new VerificationStateStore.Transition<>(null,
                    VerificationResult.lockedOut(Instant.ofEpochMilli(state.lockedUntilEpochMilli())));
        }
        if (state.lockedUntilEpochMilli() != 0) {
            // The lock-out has run out: the key gets a fresh budget of failures.
            state = new VerificationState(state.hotpVerifyCounter(), state.hotpIssueCounter(),
                    state.lastAcceptedTotpStep(), 0, 0);
        }
        Decision decision = check.decide(state, now, candidate);
        if (decision.acceptedState() != null) {
            return new VerificationStateStore.Transition<>(decision.acceptedState(),
                    VerificationResult.accepted(decision.reason()));
        }
        int failures = state.consecutiveFailures() + 1;
        Instant lockedUntil = failures >= policy.maxConsecutiveFailures() ? now.plus(policy.lockout()) : null;
        VerificationState next = new VerificationState(state.hotpVerifyCounter(), state.hotpIssueCounter(),
                state.lastAcceptedTotpStep(), failures, lockedUntil == null ? 0 : lockedUntil.toEpochMilli());
        String reason = lockedUntil == null
                ? decision.reason()
                : decision.reason() + "; " + failures + " consecutive failures, key locked";
        return new VerificationStateStore.Transition<>(next, VerificationResult.rejected(reason, lockedUntil));
    }

    /**
     * An administrator's action on the key's state (unlock, reset the failure count, disable, enable, or
     * just look), saved before it returns; the state afterwards, with a lock-out that has run out shown
     * as none.
     */
    public VerificationState administer(String keyId, OtpAdminAction action) throws IOException {
        ReentrantLock lock = lockFor(keyId);
        lock.lock();
        try {
            // One atomic step, like a verification: on a shared store no verification slips in between.
            VerificationState next = store.update(keyId, state -> {
                VerificationState changed = switch (action) {
                    case STATUS -> state;
                    case UNLOCK -> state.unlocked();
                    case RESET -> state.withoutFailures();
                    case DISABLE -> state.withDisabled(true);
                    case ENABLE -> state.withDisabled(false);
                };
                return new VerificationStateStore.Transition<>(changed.equals(state) ? null : changed, changed);
            });
            if (next.lockedUntilEpochMilli() != 0 && !next.lockedAt(clock.millis())) {
                // Expired: verification would start the key afresh, so report it that way.
                next = next.unlocked();
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** Why {@code code} cannot be a code of {@code digits} digits, or null if it can. */
    private static String malformation(String code, int digits) {
        if (code == null || code.isEmpty()) {
            return "no code given";
        }
        if (code.length() != digits) {
            return "expected " + digits + " digits, got " + code.length() + " characters";
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            // Only ASCII digits: Character.isDigit would also let through other scripts' digits.
            if (c < '0' || c > '9') {
                return "code contains a character other than 0-9";
            }
        }
        return null;
    }

    private static boolean codesEqual(String expected, byte[] candidate) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), candidate);
    }

    private ReentrantLock lockFor(String keyId) {
        return keyLocks.computeIfAbsent(checkKeyId(keyId), k -> new ReentrantLock());
    }

    private static String checkKeyId(String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            throw new IllegalArgumentException("key id must not be empty");
        }
        return keyId;
    }
}
