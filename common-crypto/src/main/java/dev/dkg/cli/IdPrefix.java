package dev.dkg.cli;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resolves an id the user typed (a key id, a vault id: lower-case hex) against the ids that exist: the whole id or
 * a unique prefix of at least {@value #MIN_DIGITS} hex digits, in either case. Every command that takes such an id
 * uses this, so they all accept the same forms and fail with the same messages.
 */
public final class IdPrefix {
    /** Shortest prefix accepted: 8 hex digits make an accidental match among a few thousand ids unlikely. */
    public static final int MIN_DIGITS = 8;
    /** Matches listed in the ambiguity error before "…". */
    private static final int LISTED = 5;

    private IdPrefix() {}

    /**
     * The one candidate whose id is {@code typed} or starts with it.
     *
     * @param what what the ids name, for messages ("key", "vault")
     * @param listCommand the command that shows the ids, for the hint ("keygen-server list")
     * @throws CliException exit 2 for a malformed or ambiguous prefix (the error lists the matches),
     *     exit 1 when nothing matches
     */
    public static <T> T resolve(String typed, Collection<T> candidates, Function<T, String> idOf,
                                String what, String listCommand) {
        String prefix = normalise(typed, what);
        List<T> matches = candidates.stream()
                .filter(c -> idOf.apply(c).toLowerCase(Locale.ROOT).startsWith(prefix))
                .toList();
        if (matches.isEmpty()) {
            throw new CliException(ExitCode.FAILURE, "no " + what + " " + typed.strip(), "see '" + listCommand + "'");
        }
        if (matches.size() > 1) {
            String listed = matches.stream().limit(LISTED).map(idOf).collect(Collectors.joining(", "))
                    + (matches.size() > LISTED ? ", …" : "");
            throw new CliException(ExitCode.USAGE, what + " id prefix " + prefix + " matches " + matches.size() + " "
                    + what + "s: " + listed, "give more digits");
        }
        return matches.get(0);
    }

    /**
     * The typed prefix in lower case, checked for form only; for commands that send the id to a server which
     * resolves it. Throws a usage error (exit 2) unless it is {@value #MIN_DIGITS} or more hex digits.
     */
    public static String normalise(String typed, String what) {
        String prefix = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        if (prefix.length() < MIN_DIGITS || !prefix.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new CliException(ExitCode.USAGE, "a " + what + " id is its full hex form or a prefix of at least "
                    + MIN_DIGITS + " hex digits, not '" + typed + "'");
        }
        return prefix;
    }
}
