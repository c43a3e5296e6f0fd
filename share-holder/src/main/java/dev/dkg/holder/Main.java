package dev.dkg.holder;

import dev.dkg.crypto.CryptoProvider;
import dev.dkg.cli.SocketAddressConverter;
import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.JsonWriter;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.vss.ShareVerificationException;
import dev.dkg.pki.Role;
import java.net.InetSocketAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The share-holder executable: stays connected to a dealer and keeps this holder's shares. */
@Command(name = "share-holder", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = Main.ListCommand.class,
        description = {"Holds verifiable shares for a dealer: connects, stays connected (reconnecting when the "
                + "dealer restarts), stores shares sealed to its own key and returns them when its user approves.",
                "Example: share-holder --identity pki/alice.p12 --password-file pw --trust pki/ca.pem "
                        + "--dealer 127.0.0.1:7103 --dir holders/alice"})
public final class Main implements Runnable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Main.class);

    @Mixin
    VerboseOption verbose;

    @Mixin
    IdentityOptions identity;

    @Option(names = "--dealer", paramLabel = "HOST:PORT", description = "Where the dealer listens.")
    String dealer;

    @Option(names = "--dealer-name", paramLabel = "NAME",
            description = "Connect only to the dealer whose certificate names NAME (recommended: without it any "
                    + "dealer certificate from the CA is accepted, though each vault stays bound to the dealer key "
                    + "that dealt it).")
    String dealerName;

    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT, description = "Directory for this holder's share files "
            + "(one holder identity per directory; locked while the holder runs).")
    Path dir;

    @Option(names = "--auto-approve", description = "Return shares without asking (for scripts).")
    boolean autoApprove;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (identity.identityFile() == null || identity.trustFile() == null || dealer == null || dir == null) {
            throw new CliException(ExitCode.USAGE, "the holder needs --identity, --trust, --dealer and --dir",
                    "see 'share-holder --help'");
        }
        InetSocketAddress dealerAddress = SocketAddressConverter.parse("--dealer", dealer);
        PrintWriter out = spec.commandLine().getOut();
        ShareStore store = new ShareStore(dir, identity.identity(Role.SHARE_HOLDER));
        java.io.Closeable claim;
        try {
            claim = store.claim();
        } catch (IOException e) {
            throw new CliException(ExitCode.IO, "cannot use share directory " + dir + ": " + e.getMessage());
        }
        Approval approval = autoApprove ? Approval.always()
                : Approval.askOn(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
        HolderSession session = new HolderSession(identity.identity(Role.SHARE_HOLDER), identity.trust(), store, approval, out,
                Clock.systemUTC());
        out.println("share-holder '" + identity.identity(Role.SHARE_HOLDER).name() + "' (key " + identity.identity(Role.SHARE_HOLDER).keyId().fingerprint()
                + ") keeping shares in " + dir + ", crypto " + CryptoProvider.active().name());
        out.flush();
        DealerLink link = new DealerLink(dealerAddress.getHostString(), dealerAddress.getPort(), identity.identity(Role.SHARE_HOLDER),
                identity.trust(), dealerName, session, out);
        Runtime.getRuntime().addShutdownHook(new Thread(link::stop));
        try (claim) {
            link.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("releasing the directory lock: {}", e.toString());
        }
    }

    /** {@code share-holder list}: the shares in a directory and whether each verifies. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Lists the shares held in --dir and checks each against its commitments.")
    static final class ListCommand implements Runnable {
        @ParentCommand
        Main main;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "One JSON document on stdout (fields: docs/operations.md).")
        boolean json;

        @Override
        public void run() {
            if (main.dir == null) {
                throw new CliException(ExitCode.USAGE, "missing --dir DIR", "give the holder's share directory");
            }
            Path dir = main.dir;
            PrintWriter out = spec.commandLine().getOut();
            ShareStore store = new ShareStore(dir, main.identity.identity(Role.SHARE_HOLDER));
            JsonWriter w = new JsonWriter().beginObject().field("dir", dir.toString());
            int bad = 0;
            CliException notMine = null;
            try {
                var entries = store.entries();
                if (entries.isEmpty() && !json) {
                    out.println("no shares in " + dir);
                }
                ShareStore.Owner owner = store.owner();
                boolean mine = store.ownedByMe();
                w.field("owned_by_this_identity", mine).name("shares").beginArray();
                if (!mine) {
                    notMine = new CliException(ExitCode.VERIFICATION, dir + " belongs to share-holder "
                            + owner.describe() + ", not to '" + main.identity.identity(Role.SHARE_HOLDER).name()
                            + "': its shares are not sealed to this identity",
                            "run list with the identity that owns the directory");
                }
                for (ShareStore.Entry e : entries) {
                    w.beginObject().field("vault", e.vault().hex()).field("epoch", e.epoch());
                    String line = "vault " + e.vault() + " epoch " + e.epoch() + ": ";
                    if (!mine) {
                        // Another identity's shares do not open with this key; calling them damaged could get
                        // good shares deleted.
                        w.field("state", "not sealed to this identity").endObject();
                        text(out, line + "not sealed to this identity");
                        continue;
                    }
                    try {
                        StoredShare sh = store.read(e.vault(), e.epoch());
                        sh.commitments().verify(sh.share());
                        String commit = commitState(store, e);
                        w.field("state", "verifies").field("x", sh.x()).field("threshold", sh.threshold())
                                .field("holders", sh.holders()).field("pending", commit.contains("PENDING"));
                        if (commit.contains("DAMAGED")) {
                            w.field("binding_error", commit.substring(2));
                        }
                        text(out, line + "x=" + sh.x() + ", " + sh.threshold() + "-of-" + sh.holders().size() + " "
                                + String.join(",", sh.holders()) + ", verifies" + commit);
                    } catch (EnvelopeException | ShareVerificationException ex) {
                        bad++;
                        w.field("state", "damaged").field("error", ex.getMessage());
                        text(out, line + "DAMAGED (" + ex.getMessage() + ")");
                    }
                    w.endObject();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (json) {
                out.println(w.endArray().endObject());
            }
            out.flush();
            if (notMine != null) {
                throw notMine;
            }
            if (bad > 0) {
                throw new CliException(ExitCode.VERIFICATION, bad + " share file" + (bad == 1 ? " is" : "s are")
                        + " damaged");
            }
        }

        private void text(PrintWriter out, String line) {
            if (!json) {
                out.println(line);
            }
        }
    }

    /** ", pending (…)" for an epoch the dealer has not committed yet, else "". */
    static String commitState(ShareStore store, ShareStore.Entry e) throws IOException {
        try {
            VaultBinding b = store.binding(e.vault());
            return b != null && b.isPending(e.epoch()) ? ", PENDING (not yet committed by the dealer)" : "";
        } catch (EnvelopeException ex) {
            return ", vault binding DAMAGED (" + ex.getMessage() + ")";
        }
    }

    public static void main(String[] args) {
        Cli.main("share-holder", new Main(), args);
    }
}
