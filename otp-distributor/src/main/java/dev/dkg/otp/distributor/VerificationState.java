package dev.dkg.otp.distributor;

import java.nio.ByteBuffer;

/**
 * One key's verification state: what must survive a restart so that no used code is accepted again
 * and no counter moves back.
 *
 * <p>Byte layout of {@link #encode()} (big-endian, {@value #ENCODED_LENGTH} bytes, nothing else):
 * <pre>
 *  offset size field
 *       0    1 version, 0x01
 *       1    8 hotpVerifyCounter     next HOTP counter verification accepts; >= 0
 *       9    8 hotpIssueCounter      next HOTP counter "get --hotp" may hand out; >= 0
 *      17    8 lastAcceptedTotpStep  -1 when no TOTP code has been accepted; >= -1
 *      25    4 consecutiveFailures   >= 0
 *      29    8 lockedUntilEpochMilli 0 when not locked; >= 0
 * </pre>
 * {@link #decode(byte[])} rejects any other length, version or out-of-range field.
 */
public record VerificationState(
        long hotpVerifyCounter,
        long hotpIssueCounter,
        long lastAcceptedTotpStep,
        int consecutiveFailures,
        long lockedUntilEpochMilli) {

    public static final int ENCODED_LENGTH = 37;
    static final byte VERSION = 1;
    static final long NO_TOTP_STEP = -1;

    /** The state of a key no code has been verified or issued for. */
    public static final VerificationState INITIAL = new VerificationState(0, 0, NO_TOTP_STEP, 0, 0);

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
                .array();
    }

    /**
     * Decodes exactly what {@link #encode()} writes.
     *
     * @throws IllegalArgumentException for a wrong length, an unknown version or a field out of range
     */
    public static VerificationState decode(byte[] encoded) {
        if (encoded.length != ENCODED_LENGTH) {
            throw new IllegalArgumentException("OTP verification state must be " + ENCODED_LENGTH
                    + " bytes, not " + encoded.length);
        }
        ByteBuffer in = ByteBuffer.wrap(encoded);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("OTP verification state has unknown version " + (version & 0xff));
        }
        return new VerificationState(in.getLong(), in.getLong(), in.getLong(), in.getInt(), in.getLong());
    }

    boolean lockedAt(long nowEpochMilli) {
        return lockedUntilEpochMilli > nowEpochMilli;
    }
}
