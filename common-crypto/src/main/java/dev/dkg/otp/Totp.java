package dev.dkg.otp;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Computes RFC 6238 TOTP values: HOTP over the number of whole time steps since T0 = 0 (the Unix epoch).
 *
 * <p>Security guarantees: those of {@link Hotp}; a code depends only on the secret, the parameters
 * and the time step, never on sub-step time.
 */
public final class Totp {
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(30);

    private Totp() {}

    /**
     * The time step containing {@code now}: floor(unix seconds / step seconds).
     *
     * @throws IllegalArgumentException for instants before the epoch (no valid TOTP step exists)
     */
    public static long timeStep(Instant now, OtpParameters parameters) {
        return epochSeconds(now) / parameters.stepSeconds();
    }

    /** Seconds until the step containing {@code now} ends: from 1 to the step length. */
    public static int secondsLeftInStep(Instant now, OtpParameters parameters) {
        long step = parameters.stepSeconds();
        return (int) (step - epochSeconds(now) % step);
    }

    /** The TOTP code for an explicit time step. */
    public static String generate(byte[] secret, long timeStep, OtpParameters parameters) {
        return Hotp.generate(secret, timeStep, parameters.digits(), parameters.algorithm());
    }

    /** The TOTP code for the step containing {@code now}. */
    public static String generate(byte[] secret, Instant now, OtpParameters parameters) {
        return generate(secret, timeStep(now, parameters), parameters);
    }

    private static long epochSeconds(Instant now) {
        Objects.requireNonNull(now, "now");
        if (now.getEpochSecond() < 0) {
            throw new IllegalArgumentException("TOTP time must not be before 1970-01-01T00:00:00Z");
        }
        return now.getEpochSecond();
    }
}
