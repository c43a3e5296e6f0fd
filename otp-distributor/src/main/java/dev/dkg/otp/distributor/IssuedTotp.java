package dev.dkg.otp.distributor;

/**
 * The current TOTP code of a key, its time step, and the seconds left in that step.
 * {@link #toString()} leaves the code out, so the value can be logged.
 */
public record IssuedTotp(String code, long timeStep, int secondsValid) {
    @Override
    public String toString() {
        return "IssuedTotp[step=" + timeStep + ", secondsValid=" + secondsValid + "]";
    }
}
