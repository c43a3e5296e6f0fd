package dev.dkg.acl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACL as its file reads now. {@link #refresh} (run every second by the server) re-reads the file and,
 * when its content changed and parses, puts the new rules in force for every request that follows, so that
 * granting and revoking take effect without a restart. A file that no longer parses, or cannot be read
 * (say, mid-way through an editor's save), leaves the last good rules in force and is reported once.
 */
public final class AclFile implements Supplier<Acl> {
    private static final Logger log = LoggerFactory.getLogger(AclFile.class);
    private static final Logger audit = LoggerFactory.getLogger("audit");

    private final Path file;
    private final List<String> vocabulary;
    private final Consumer<String> events;
    private volatile Acl current;
    private byte[] content;
    private String lastProblem;

    private AclFile(Path file, List<String> vocabulary, Consumer<String> events, Acl acl, byte[] content) {
        this.file = file;
        this.vocabulary = List.copyOf(vocabulary);
        this.events = events;
        this.current = acl;
        this.content = content;
    }

    /**
     * Reads the file strictly: unlike a later change, a malformed file at start-up is an error.
     * {@code events} receives one line each time changed rules are put in force.
     */
    public static AclFile load(Path file, List<String> vocabulary, Consumer<String> events)
            throws IOException, AclException {
        byte[] content = Files.readAllBytes(file);
        return new AclFile(file, vocabulary, Objects.requireNonNull(events, "events"), Acl.load(file, vocabulary), content);
    }

    /** The rules in force. */
    @Override
    public Acl get() {
        return current;
    }

    /** Re-reads the file and puts changed rules in force if they parse; never throws. */
    public synchronized void refresh() {
        try {
            byte[] now = Files.readAllBytes(file);
            if (Arrays.equals(now, content)) {
                return;
            }
            // Parsed from a second read: if the file changed in between, the next refresh sees it differ again.
            Acl acl = Acl.load(file, vocabulary);
            current = acl;
            content = now;
            lastProblem = null;
            audit.info("acl reloaded file={} rules={}", file, acl.size());
            events.accept("acl reloaded: " + acl.size() + " " + (acl.size() == 1 ? "rule" : "rules"));
        } catch (IOException | AclException | RuntimeException e) {
            String problem = e instanceof AclException ? e.getMessage() : "cannot read " + file + ": " + e;
            if (!problem.equals(lastProblem)) {
                log.error("ACL not reloaded, the previous {} rules stay in force: {}", current.size(), problem);
                lastProblem = problem;
            }
        }
    }
}
