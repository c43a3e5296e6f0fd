package dev.dkg.holder;

import dev.dkg.cli.SocketAddressConverter;
import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The share-holder executable: stays connected to a dealer and keeps this holder's shares. */
@Command(name = "share-holder", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = Main.ListCommand.class,
        description = {"Holds verifiable shares for a dealer: connects, stays connected (reconnecting when the "
                + "dealer restarts), stores shares sealed to its own key and returns them when its user approves.",
                "Example: share-holder --identity pki/alice.p12 --password-file pw --trust pki/ca.pem "
                        + "--dealer 127.0.0.1:7103 --dir holders/alice"})
public final class Main implements Runnable {
    @Mixin
    VerboseOption verbose;

    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "Identity:%n")
    IdentityOptions identity;

    @Option(names = "--dealer", paramLabel = "HOST:PORT", description = "Where the dealer listens.")
    String dealer;

    @Option(names = "--dir", paramLabel = "DIR", description = "Directory for this holder's share files.")
    Path dir;

    @Option(names = "--auto-approve", description = "Return shares without asking (for scripts).")
    boolean autoApprove;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (identity == null || dealer == null || dir == null) {
            throw new CliException(ExitCode.USAGE, "the holder needs --identity, --trust, --dealer and --dir",
                    "see 'share-holder --help'");
        }
        InetSocketAddress dealerAddress = SocketAddressConverter.parse("--dealer", dealer);
        PrintWriter out = spec.commandLine().getOut();
        ShareStore store = new ShareStore(dir, identity.identity(Role.SHARE_HOLDER));
        Approval approval = autoApprove ? Approval.always()
                : Approval.askOn(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
        HolderSession session = new HolderSession(identity.identity(Role.SHARE_HOLDER), identity.trust(), store, approval, out,
                Clock.systemUTC());
        out.println("share-holder '" + identity.identity(Role.SHARE_HOLDER).name() + "' (key " + identity.identity(Role.SHARE_HOLDER).keyId().fingerprint()
                + ") keeping shares in " + dir);
        out.flush();
        DealerLink link = new DealerLink(dealerAddress.getHostString(), dealerAddress.getPort(), identity.identity(Role.SHARE_HOLDER), identity.trust(),
                session, out);
        Runtime.getRuntime().addShutdownHook(new Thread(link::stop));
        try {
            link.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code share-holder list}: the shares in a directory and whether each verifies. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Lists the shares held in --dir and checks each against its commitments.")
    static final class ListCommand implements Runnable {
        @Mixin
        VerboseOption verbose;

        @Mixin
        IdentityOptions identity;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The holder's share directory.")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            ShareStore store = new ShareStore(dir, identity.identity(Role.SHARE_HOLDER));
            int bad = 0;
            try {
                var entries = store.entries();
                if (entries.isEmpty()) {
                    out.println("no shares in " + dir);
                }
                for (ShareStore.Entry e : entries) {
                    String line = "vault " + e.vault() + " epoch " + e.epoch() + ": ";
                    try {
                        StoredShare s = store.read(e.vault(), e.epoch());
                        s.commitments().verify(s.share());
                        out.println(line + "x=" + s.x() + ", " + s.threshold() + "-of-" + s.holders().size() + " "
                                + String.join(",", s.holders()) + ", verifies");
                    } catch (EnvelopeException | ShareVerificationException ex) {
                        bad++;
                        out.println(line + "DAMAGED (" + ex.getMessage() + ")");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
            if (bad > 0) {
                throw new CliException(ExitCode.VERIFICATION, bad + " share file" + (bad == 1 ? " is" : "s are")
                        + " damaged");
            }
        }
    }

    public static void main(String[] args) {
        Cli.main("share-holder", new Main(), args);
    }
}
