package dev.dkg.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /**
     * What each code means, in the words of the README's table; every command's {@code --help} lists exactly this
     * (set in {@link Cli}), and a test holds README and help to it.
     */
    public static final Map<String, String> MEANINGS = meanings();

    private ExitCode() {}

    private static Map<String, String> meanings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("" + OK, "success");
        m.put("" + FAILURE, "failure (a round aborted, a step failed)");
        m.put("" + USAGE, "usage: bad arguments or options");
        m.put("" + VERIFICATION, "authentication or verification failed (certificate, signature, share, OTP)");
        m.put("" + UNREACHABLE, "peer unreachable or timed out");
        m.put("" + IO, "I/O or configuration: missing, unreadable or damaged file; refusing to overwrite");
        return Collections.unmodifiableMap(m);
    }
}
