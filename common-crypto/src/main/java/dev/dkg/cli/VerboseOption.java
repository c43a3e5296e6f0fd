package dev.dkg.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code -v} mixin: debug logs and stack traces on stderr. Logs never go to stdout. Global: mix it into the top command only. */
public final class VerboseOption {
    private static volatile boolean verbose;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Debug logging and stack traces on stderr.")
    void setVerbose(boolean on) {
        verbose = on;
        if (on) {
            // Only touched when asked for: starting Logback is left to the first log line.
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.DEBUG);
        }
    }

    public static boolean isVerbose() {
        return verbose;
    }
}
