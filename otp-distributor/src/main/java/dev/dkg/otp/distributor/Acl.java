package dev.dkg.otp.distributor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import dev.dkg.otp.protocol.OtpOperation;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which requester may do which operation on which key; anything no rule grants is denied.
 *
 * <p>The file has one rule a line, {@code REQUESTER KEY-ID-OR-GLOB OPERATIONS}, fields separated by
 * spaces or tabs. REQUESTER is the exact name from the requester's certificate. The key field is a key
 * id or a glob where {@code *} matches any run of characters and {@code ?} exactly one. OPERATIONS is a
 * comma-separated list of {@code get}, {@code verify} and {@code enroll}. {@code #} starts a comment;
 * blank lines are ignored. Rules only grant, so their order does not matter. Any malformed line makes
 * the whole file unusable: a half-read ACL could grant or deny by accident.
 */
public final class Acl {
    /** What a requester asks to do with a key. */

    private record Rule(String requester, String keyPattern, Set<OtpOperation> operations) {}

    private final List<Rule> rules;

    private Acl(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** An ACL with no rules: denies everything. */
    public static Acl denyAll() {
        return new Acl(List.of());
    }

    /** Reads and parses an ACL file (UTF-8). */
    public static Acl load(Path file) throws IOException, AclException {
        return parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses ACL lines; {@code source} names them in error messages.
     *
     * @throws AclException at the first malformed line
     */
    public static Acl parse(String source, List<String> lines) throws AclException {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Rule rule = parseLine(source, i + 1, lines.get(i));
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new Acl(rules);
    }

    private static Rule parseLine(String source, int lineNumber, String line) throws AclException {
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
        Set<OtpOperation> operations = EnumSet.noneOf(OtpOperation.class);
        for (String name : fields[2].split(",", -1)) {
            if (name.isEmpty()) {
                throw new AclException(source, lineNumber, "empty operation in '" + fields[2] + "'");
            }
            OtpOperation op = OtpOperation.fromFileName(name);
            if (op == null) {
                throw new AclException(source, lineNumber, "unknown operation '" + name
                        + "' (expected get, verify, enroll or admin)");
            }
            if (!operations.add(op)) {
                throw new AclException(source, lineNumber, "operation '" + name + "' listed twice");
            }
        }
        return new Rule(requester, fields[1], Collections.unmodifiableSet(operations));
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
    public boolean allows(String requester, String keyId, OtpOperation operation) {
        Objects.requireNonNull(operation, "operation");
        return operations(requester, keyId).contains(operation);
    }

    /** Every operation the rules grant {@code requester} on {@code keyId}; empty when denied (for {@code list}). */
    public Set<OtpOperation> operations(String requester, String keyId) {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(keyId, "keyId");
        Set<OtpOperation> granted = EnumSet.noneOf(OtpOperation.class);
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
    static boolean globMatches(String pattern, String text) {
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
