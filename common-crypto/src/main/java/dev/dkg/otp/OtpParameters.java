package dev.dkg.otp;

import java.time.Duration;
import java.util.Objects;

/**
 * How a key's one-time passwords are computed: HMAC function, number of digits and TOTP time step.
 * Construction checks every field, so an instance is always usable with {@link Hotp} and {@link Totp}.
 */
public record OtpParameters(OtpAlgorithm algorithm, int digits, Duration step) {
    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 8;
    /** Longest accepted step: a day. Longer steps make a code live long enough to be worth stealing. */
    public static final Duration MAX_STEP = Duration.ofDays(1);

    /** What every authenticator app assumes when a URI says nothing: SHA-1, 6 digits, 30 seconds. */
    public static final OtpParameters DEFAULT = new OtpParameters(OtpAlgorithm.SHA1, 6, Totp.DEFAULT_STEP);

    public OtpParameters {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(step, "step");
        checkDigits(digits);
        if (step.isNegative() || step.isZero() || step.getNano() != 0 || step.compareTo(MAX_STEP) > 0) {
            throw new IllegalArgumentException("TOTP step must be a whole number of seconds from 1 to 86400");
        }
    }

    /** The step in seconds (always at least 1). */
    public long stepSeconds() {
        return step.getSeconds();
    }

    static int checkDigits(int digits) {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("OTP digits must be 6, 7 or 8, not " + digits);
        }
        return digits;
    }
}
