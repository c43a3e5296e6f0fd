package dev.dkg.otp.requester;

/**
 * Formats the {@code watch} line: the code, a bar of the time left in its step, and the seconds left,
 * e.g. {@code 123456  [##############......] 21s}. Pure functions of their arguments.
 */
public final class CountdownBar {
    /** Bar cells used by {@link #line}. */
    public static final int DEFAULT_WIDTH = 20;

    private CountdownBar() {}

    /** {@code CODE  [BAR] Ns} with a {@value #DEFAULT_WIDTH}-cell bar. */
    public static String line(String code, long secondsLeft, long stepSeconds) {
        return code + "  [" + bar(secondsLeft, stepSeconds, DEFAULT_WIDTH) + "] " + secondsLeft + "s";
    }

    /**
     * {@code width} cells, the first ones {@code #} in proportion to the time left (rounded up, so any
     * time left shows at least one), the rest {@code .}.
     *
     * @throws IllegalArgumentException unless 1 <= stepSeconds, 0 <= secondsLeft <= stepSeconds, width >= 1
     */
    public static String bar(long secondsLeft, long stepSeconds, int width) {
        if (stepSeconds < 1 || secondsLeft < 0 || secondsLeft > stepSeconds || width < 1) {
            throw new IllegalArgumentException("countdown needs 0 <= seconds left <= step, step >= 1 and width >= 1");
        }
        int filled = (int) ((secondsLeft * width + stepSeconds - 1) / stepSeconds);
        return "#".repeat(filled) + ".".repeat(width - filled);
    }
}
