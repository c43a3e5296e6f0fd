package dev.dkg.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The {@code -v} mixin: debug logs and stack traces on stderr. Logs never go to stdout. */
public final class VerboseOption {
    private static volatile boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging and stack traces on stderr.")
    void setVerbose(boolean on) {
        verbose = on;
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(on ? Level.DEBUG : Level.INFO);
    }

    public static boolean isVerbose() {
        return verbose;
    }
}
