package dev.dkg.cli;

import dev.dkg.channel.ChannelException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a picocli command with the suite's conventions: {@code role: error: …} and {@code role: hint: …}
 * lines on stderr, exceptions mapped to {@link ExitCode}s in this one place, stack traces only with -v.
 */
public final class Cli {
    private static final Logger log = LoggerFactory.getLogger(Cli.class);

    private Cli() {}

    /** Runs {@code command} and exits the JVM with its exit code. */
    public static void main(String role, Object command, String[] args) {
        System.exit(run(role, command, args));
    }

    /** Runs {@code command} and returns its exit code; for tests and for {@link #main}. */
    public static int run(String role, Object command, String[] args) {
        return commandLine(role, command).execute(args);
    }

    /** A command line set up with the error conventions; tests may redirect its out/err. */
    public static CommandLine commandLine(String role, Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((thrown, line, parseResult) -> {
            // A Runnable can only carry an IOException wrapped; report the real cause.
            Throwable ex = thrown instanceof UncheckedIOException u ? u.getCause() : thrown;
            PrintWriter err = line.getErr();
            int code = exitCodeOf(ex);
            err.println(role + ": error: " + messageOf(ex));
            String hint = ex instanceof CliException c ? c.hint() : hintOf(ex);
            if (hint != null) {
                err.println(role + ": hint: " + hint);
            }
            err.flush();
            log.debug("failure detail", ex);
            return code;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(role + ": error: " + ex.getMessage());
            err.println(role + ": hint: see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            err.flush();
            return ExitCode.USAGE;
        });
        return cl;
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof CliException c) {
            return c.exitCode();
        }
        if (ex instanceof ChannelException c) {
            // A refused or failed channel says why in its code; map it like the equivalent local failure.
            return switch (c.code()) {
                case AUTHENTICATION, NOT_AUTHORISED -> ExitCode.VERIFICATION;
                case BUSY, TIMEOUT -> ExitCode.UNREACHABLE;
                case PROTOCOL -> ExitCode.FAILURE;
            };
        }
        if (ex instanceof ConnectException || ex instanceof SocketTimeoutException
                || ex instanceof UnknownHostException || ex instanceof NoRouteToHostException) {
            return ExitCode.UNREACHABLE;
        }
        if (ex instanceof GeneralSecurityException) {
            return ExitCode.VERIFICATION;
        }
        if (ex instanceof IOException) {
            return ExitCode.IO;
        }
        return ExitCode.FAILURE;
    }

    static String messageOf(Throwable ex) {
        if (ex instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile();
        }
        if (ex instanceof FileAlreadyExistsException e) {
            return "refusing to overwrite existing file: " + e.getFile();
        }
        if (ex instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (ex instanceof FileNotFoundException || ex instanceof CliException) {
            return ex.getMessage();
        }
        if (ex instanceof ConnectException) {
            return "connection refused: " + ex.getMessage();
        }
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    private static String hintOf(Throwable ex) {
        if (ex instanceof ConnectException) {
            return "is the server running, and is the address right?";
        }
        if (ex instanceof FileAlreadyExistsException) {
            return "move the existing file away or choose another path";
        }
        return VerboseOption.isVerbose() ? null : "run again with -v for details";
    }
}
