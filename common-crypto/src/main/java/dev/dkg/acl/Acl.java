package dev.dkg.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which requester may do which operation on which key; anything no rule grants is denied. The OTP
 * distributor ({@code get}, {@code verify}, {@code enroll}) and the keygen server's signing ACL ({@code sign})
 * share this one format, each with its own vocabulary of operations.
 *
 * <p>The file has one rule a line, {@code REQUESTER KEY-ID-OR-GLOB OPERATIONS}, fields separated by
 * spaces or tabs. REQUESTER is the exact name from the requester's certificate. The key field is a key
 * id or a glob where {@code *} matches any run of characters and {@code ?} exactly one. OPERATIONS is a
 * comma-separated list of operations from the vocabulary. {@code #} starts a comment;
 * blank lines are ignored. Rules only grant, so their order does not matter. Any malformed line makes
 * the whole file unusable: a half-read ACL could grant or deny by accident.
 */
public final class Acl {
    private record Rule(String requester, String keyPattern, Set<String> operations) {}

    private final List<Rule> rules;

    private Acl(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** An ACL with no rules: denies everything. */
    public static Acl denyAll() {
        return new Acl(List.of());
    }

    /** Reads and parses an ACL file (UTF-8). */
    public static Acl load(Path file, List<String> vocabulary) throws IOException, AclException {
        return parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8), vocabulary);
    }

    /**
     * Parses ACL lines whose operations are drawn from {@code vocabulary}; {@code source} names them in error
     * messages.
     *
     * @throws AclException at the first malformed line
     */
    public static Acl parse(String source, List<String> lines, List<String> vocabulary) throws AclException {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Rule rule = parseLine(source, i + 1, lines.get(i), vocabulary);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new Acl(rules);
    }

    private static Rule parseLine(String source, int lineNumber, String line, List<String> vocabulary)
            throws AclException {
        int comment = line.indexOf('#');
        String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
        if (content.isEmpty()) {
            return null;
        }
        String[] fields = content.split("[ \t]+");
        if (fields.length != 3) {
            throw new AclException(source, lineNumber, "expected 3 fields (REQUESTER KEY-ID-OR-GLOB OPERATIONS), found "
                    + fields.length);
        }
        String requester = fields[0];
        if (requester.indexOf('*') >= 0 || requester.indexOf('?') >= 0) {
            throw new AclException(source, lineNumber, "requester '" + requester
                    + "' must be an exact name; globs are only allowed in the key field");
        }
        Set<String> operations = new LinkedHashSet<>();
        for (String name : fields[2].split(",", -1)) {
            if (name.isEmpty()) {
                throw new AclException(source, lineNumber, "empty operation in '" + fields[2] + "'");
            }
            if (!vocabulary.contains(name)) {
                throw new AclException(source, lineNumber, "unknown operation '" + name + "' (expected "
                        + expected(vocabulary) + ")");
            }
            if (!operations.add(name)) {
                throw new AclException(source, lineNumber, "operation '" + name + "' listed twice");
            }
        }
        return new Rule(requester, fields[1], Collections.unmodifiableSet(operations));
    }

    private static String expected(List<String> vocabulary) {
        if (vocabulary.size() == 1) {
            return vocabulary.get(0);
        }
        return String.join(", ", vocabulary.subList(0, vocabulary.size() - 1)) + " or " + vocabulary.get(vocabulary.size() - 1);
    }

    /** Whether any rule names {@code requester}; a requester no rule names is refused everything, list included. */
    public boolean mentions(String requester) {
        Objects.requireNonNull(requester, "requester");
        for (Rule rule : rules) {
            if (rule.requester().equals(requester)) {
                return true;
            }
        }
        return false;
    }

    /** Number of rules, for the start-up line. */
    public int size() {
        return rules.size();
    }

    /** Whether some rule grants {@code operation} on {@code keyId} to {@code requester}. */
    public boolean allows(String requester, String keyId, String operation) {
        Objects.requireNonNull(operation, "operation");
        return operations(requester, keyId).contains(operation);
    }

    /** Every operation the rules grant {@code requester} on {@code keyId}; empty when denied (for {@code list}). */
    public Set<String> operations(String requester, String keyId) {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(keyId, "keyId");
        Set<String> granted = new LinkedHashSet<>();
        for (Rule rule : rules) {
            if (rule.requester().equals(requester) && globMatches(rule.keyPattern(), keyId)) {
                granted.addAll(rule.operations());
            }
        }
        return granted;
    }

    /**
     * Glob match with {@code *} and {@code ?}. Backtracks only to the most recent {@code *}, which is
     * enough for correctness and keeps the cost at O(pattern x text), so no pattern can be made slow.
     */
    public static boolean globMatches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                starText = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
