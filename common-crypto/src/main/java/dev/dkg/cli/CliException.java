package dev.dkg.cli;

/**
 * A failure meant for the user: one line of what went wrong, an optional hint, and the exit code.
 * Messages must never contain secret material.
 */
public class CliException extends RuntimeException {
    private final int exitCode;
    private final String hint;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null, null);
    }

    public CliException(int exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public CliException(int exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public int exitCode() {
        return exitCode;
    }

    /** What the user could do about it, or null. */
    public String hint() {
        return hint;
    }
}
