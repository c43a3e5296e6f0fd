package dev.dkg.otp;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** A key purpose that names its OTP parameters, e.g. {@code otp-sha256-8-60} (docs/protocol.md 13.5). */
    private static final Pattern PURPOSE = Pattern.compile("otp-(sha1|sha256|sha512)-([678])-([1-9][0-9]{0,4})");

    public OtpParameters {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(step, "step");
        checkDigits(digits);
        if (step.isNegative() || step.isZero() || step.getNano() != 0 || step.compareTo(MAX_STEP) > 0) {
            throw new IllegalArgumentException("TOTP step must be a whole number of seconds from 1 to 86400");
        }
    }

    /**
     * The parameters a key with this purpose is served with. A purpose is part of the key's signed transcript,
     * so it is the one place the keygen server, every participant and the distributor agree on:
     * {@code otp-ALGORITHM-DIGITS-STEP} (ALGORITHM sha1, sha256 or sha512; DIGITS 6 to 8; STEP seconds,
     * 1 to 86400) names them; any purpose not starting with {@code otp-} gets {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException for a purpose that starts with {@code otp-} but is not of that form
     */
    public static OtpParameters forPurpose(String purpose) {
        if (!purpose.startsWith("otp-")) {
            return DEFAULT;
        }
        Matcher m = PURPOSE.matcher(purpose);
        if (!m.matches() || Long.parseLong(m.group(3)) > MAX_STEP.getSeconds()) {
            throw new IllegalArgumentException("purpose '" + purpose + "' starts with otp- but is not "
                    + "otp-ALGORITHM-DIGITS-STEP (sha1|sha256|sha512, 6-8 digits, 1-86400 s), e.g. otp-sha256-8-60");
        }
        return new OtpParameters(OtpAlgorithm.fromUriName(m.group(1).toUpperCase(Locale.ROOT)),
                Integer.parseInt(m.group(2)), Duration.ofSeconds(Long.parseLong(m.group(3))));
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
