package dev.dkg.otp.distributor;

import java.nio.ByteBuffer;

/**
 * One key's verification state: what must survive a restart so that no used code is accepted again
 * and no counter moves back.
 *
 * <p>Byte layout of {@link #encode()} (big-endian, {@value #ENCODED_LENGTH} bytes, nothing else):
 * <pre>
 *  offset size field
 *       0    1 version, 0x02
 *       1    8 hotpVerifyCounter     next HOTP counter verification accepts; >= 0
 *       9    8 hotpIssueCounter      next HOTP counter "get --hotp" may hand out; >= 0
 *      17    8 lastAcceptedTotpStep  -1 when no TOTP code has been accepted; >= -1
 *      25    4 consecutiveFailures   >= 0
 *      29    8 lockedUntilEpochMilli 0 when not locked; >= 0
 *      37    1 flags                 bit 0: disabled by an administrator; other bits 0
 * </pre>
 * {@link #decode(byte[])} also reads version 0x01, the same layout without the flags byte (37 bytes, never
 * disabled), which distributors before administration wrote; it rejects any other length, version or
 * out-of-range field.
 *
 * @param disabled an administrator disabled the key: no code is issued, accepted or enrolled until enabled
 */
public record VerificationState(
        long hotpVerifyCounter,
        long hotpIssueCounter,
        long lastAcceptedTotpStep,
        int consecutiveFailures,
        long lockedUntilEpochMilli,
        boolean disabled) {

    public static final int ENCODED_LENGTH = 38;
    static final int VERSION_1_LENGTH = 37;
    static final byte VERSION = 2;
    static final byte VERSION_1 = 1;
    static final int DISABLED = 0x01;
    static final long NO_TOTP_STEP = -1;

    /** The state of a key no code has been verified or issued for. */
    public static final VerificationState INITIAL = new VerificationState(0, 0, NO_TOTP_STEP, 0, 0, false);

    /** A state of a key that is not disabled. */
    public VerificationState(long hotpVerifyCounter, long hotpIssueCounter, long lastAcceptedTotpStep,
            int consecutiveFailures, long lockedUntilEpochMilli) {
        this(hotpVerifyCounter, hotpIssueCounter, lastAcceptedTotpStep, consecutiveFailures, lockedUntilEpochMilli, false);
    }

    public VerificationState {
        if (hotpVerifyCounter < 0 || hotpIssueCounter < 0) {
            throw new IllegalArgumentException("HOTP counters must not be negative");
        }
        if (lastAcceptedTotpStep < NO_TOTP_STEP) {
            throw new IllegalArgumentException("last accepted TOTP step must be -1 (none) or a step number");
        }
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("failure count must not be negative");
        }
        if (lockedUntilEpochMilli < 0) {
            throw new IllegalArgumentException("lock-out end must not be negative");
        }
    }

    /** The fixed {@value #ENCODED_LENGTH}-byte encoding described in the class comment. */
    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_LENGTH)
                .put(VERSION)
                .putLong(hotpVerifyCounter)
                .putLong(hotpIssueCounter)
                .putLong(lastAcceptedTotpStep)
                .putInt(consecutiveFailures)
                .putLong(lockedUntilEpochMilli)
                .put((byte) (disabled ? DISABLED : 0))
                .array();
    }

    /**
     * Decodes exactly what {@link #encode()} writes.
     *
     * @throws IllegalArgumentException for a wrong length, an unknown version or a field out of range
     */
    public static VerificationState decode(byte[] encoded) {
        if (encoded.length == 0) {
            throw new IllegalArgumentException("OTP verification state is empty");
        }
        byte version = encoded[0];
        int expected = version == VERSION ? ENCODED_LENGTH : version == VERSION_1 ? VERSION_1_LENGTH : -1;
        if (expected < 0) {
            throw new IllegalArgumentException("OTP verification state has unknown version " + (version & 0xff));
        }
        if (encoded.length != expected) {
            throw new IllegalArgumentException("OTP verification state version " + version + " must be " + expected
                    + " bytes, not " + encoded.length);
        }
        ByteBuffer in = ByteBuffer.wrap(encoded, 1, encoded.length - 1);
        long verify = in.getLong();
        long issue = in.getLong();
        long step = in.getLong();
        int failures = in.getInt();
        long locked = in.getLong();
        boolean disabled = false;
        if (version == VERSION) {
            int flags = in.get() & 0xff;
            if ((flags & ~DISABLED) != 0) {
                throw new IllegalArgumentException("OTP verification state has unknown flags " + flags);
            }
            disabled = (flags & DISABLED) != 0;
        }
        return new VerificationState(verify, issue, step, failures, locked, disabled);
    }

    /** This state with the failure count and any lock-out cleared. */
    VerificationState unlocked() {
        return new VerificationState(hotpVerifyCounter, hotpIssueCounter, lastAcceptedTotpStep, 0, 0, disabled);
    }

    /** This state with the failure count cleared; a lock-out in force stays. */
    VerificationState withoutFailures() {
        return new VerificationState(hotpVerifyCounter, hotpIssueCounter, lastAcceptedTotpStep, 0, lockedUntilEpochMilli, disabled);
    }

    /** This state, disabled or enabled. */
    VerificationState withDisabled(boolean value) {
        return new VerificationState(hotpVerifyCounter, hotpIssueCounter, lastAcceptedTotpStep, consecutiveFailures,
                lockedUntilEpochMilli, value);
    }

    boolean lockedAt(long nowEpochMilli) {
        return lockedUntilEpochMilli > nowEpochMilli;
    }
}
