package dev.dkg.cli;

/** The suite's documented process exit codes; every executable maps its outcome to one of these. */
public final class ExitCode {
    public static final int OK = 0;
    /** Anything not covered below (a round aborted, a step failed). */
    public static final int FAILURE = 1;
    /** Bad arguments or options. */
    public static final int USAGE = 2;
    /** Authentication or verification failed: bad certificate, signature, share, OTP. */
    public static final int VERIFICATION = 3;
    /** The peer could not be reached or did not answer in time. */
    public static final int UNREACHABLE = 4;
    /** A file or configuration problem: missing, unreadable, damaged, would be overwritten. */
    public static final int IO = 5;

    private ExitCode() {}
}
