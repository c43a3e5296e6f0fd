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
import org.slf4j.LoggerFactory;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs a picocli command with the suite's conventions: {@code role: error: …} and {@code role: hint: …}
 * lines on stderr, exceptions mapped to {@link ExitCode}s in this one place, stack traces only with -v.
 */
public final class Cli {
    private Cli() {}

    /** Runs {@code command} and exits the JVM with its exit code. */
    public static void main(String role, Object command, String[] args) {
        System.exit(run(role, command, args));
    }

    /** Runs {@code command} and returns its exit code; for tests and for {@link #main}. */
    public static int run(String role, Object command, String[] args) {
        return commandLine(role, command).execute(args);
    }

    /** Usage help width: wide enough that defaults and paths are never wrapped mid-word on an 80+ column line. */
    static final int USAGE_WIDTH = 100;

    /** A command line set up with the error conventions; tests may redirect its out/err. */
    public static CommandLine commandLine(String role, Object command) {
        CommandLine cl = new CommandLine(command);
        // Every executable prints its own bash/zsh completion script: source <(ROLE completion).
        cl.addSubcommand("completion", new AutoComplete.GenerateCompletion());
        standardise(cl);
        cl.setUsageHelpWidth(USAGE_WIDTH);
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
            if (VerboseOption.isVerbose()) {
                // Logback starts only here, so a command that fails without -v never pays for it.
                LoggerFactory.getLogger(Cli.class).debug("failure detail", ex);
            }
            return code;
        });
        cl.setParameterExceptionHandler((thrown, args) -> {
            ParameterException ex = unknownOptionFirst(thrown, args);
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(role + ": error: " + ex.getMessage());
            String closest = ex instanceof UnmatchedArgumentException u ? closestOption(ex.getCommandLine(),
                    u.getUnmatched()) : null;
            if (closest != null) {
                err.println(role + ": hint: did you mean " + closest + "?");
            }
            err.println(role + ": hint: see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            err.flush();
            return ExitCode.USAGE;
        });
        return cl;
    }

    /**
     * A mistyped option makes picocli complain first about the required option it hides ("Missing required option
     * --threshold" for {@code --treshold 2}); the typo is the cause, so it is reported instead, with suggestions.
     */
    private static ParameterException unknownOptionFirst(ParameterException ex, String[] args) {
        if (!(ex instanceof MissingParameterException)) {
            return ex;
        }
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.startsWith("--") && !known(ex.getCommandLine(), name)) {
                return new UnmatchedArgumentException(ex.getCommandLine(), List.of(name));
            }
        }
        return ex;
    }

    /**
     * The known option nearest (by edit distance, at most a third of its length) to the first unknown
     * {@code --option} in {@code unmatched}, or null; picocli's own suggestions list every prefix match.
     */
    static String closestOption(CommandLine cl, List<String> unmatched) {
        String typed = unmatched.stream().map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a)
                .filter(a -> a.startsWith("--") && !known(cl, a)).findFirst().orElse(null);
        if (typed == null) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (CommandSpec spec = cl.getCommandSpec(); spec != null; spec = spec.parent()) {
            for (var option : spec.options()) {
                for (String name : option.names()) {
                    int d = editDistance(typed, name);
                    if (name.startsWith("--") && d < bestDistance && d <= Math.max(1, name.length() / 3)) {
                        best = name;
                        bestDistance = d;
                    }
                }
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static boolean known(CommandLine cl, String option) {
        for (CommandSpec spec = cl.getCommandSpec(); spec != null; spec = spec.parent()) {
            if (spec.findOption(option) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every command and subcommand answers {@code --help}/{@code --version} and lists the suite's exit codes; a
     * command with subcommands also gets {@code help SUB}. Done here so a newly added subcommand cannot miss it.
     */
    private static void standardise(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.mixinStandardHelpOptions(true);
        spec.versionProvider(new VersionProvider());
        // "[OPTIONS]" in the synopsis: a full one wraps mid-label ("--identity=FILE." / "p12") on long commands.
        spec.usageMessage().abbreviateSynopsis(true)
                .exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.MEANINGS);
        List<CommandLine> subcommands = List.copyOf(cl.getSubcommands().values());
        if (!subcommands.isEmpty() && !cl.getSubcommands().containsKey("help")) {
            cl.addSubcommand("help", new HelpCommand());
        }
        for (CommandLine sub : subcommands) {
            standardise(sub);
        }
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
