package dev.dkg.dealer;

import dev.dkg.cli.SocketAddressConverter;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdPrefix;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.sharing.VaultId;
import dev.dkg.pki.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the dealer's commands share: identity, listen address, data directory and how long to wait for
 * holders. Given before or after the subcommand name; the subcommand's own value wins. The identity and -v are
 * global options of {@link Main} (picocli gives them to every subcommand).
 */
abstract class DealerCommand {
    static final String DEFAULT_LISTEN = "127.0.0.1:7103";
    static final Path DEFAULT_DATA_DIR = Path.of("data", "dealer");

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Where holders connect (default " + DEFAULT_LISTEN + ").")
    String listen;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where vaults are kept (default data/dealer).")
    Path dataDir;

    @Spec
    CommandSpec spec;

    /** The command this one is a subcommand of, or null. */
    abstract DealerCommand parent();

    IdentityOptions identityOptions() {
        IdentityOptions chosen = (parent() == null ? (Main) this : (Main) parent()).identity;
        if (chosen.identityFile() == null || chosen.trustFile() == null) {
            throw new CliException(ExitCode.USAGE, "the dealer needs --identity and --trust",
                    "e.g. dealer --identity pki/dealer.p12 --password-file pw --trust pki/ca.pem");
        }
        return chosen;
    }

    InetSocketAddress listenAddress() {
        String value = listen != null ? listen : parent() != null && parent().listen != null ? parent().listen
                : DEFAULT_LISTEN;
        return SocketAddressConverter.parse("--listen", value);
    }

    Path dataDirectory() {
        return dataDir != null ? dataDir : parent() != null && parent().dataDir != null ? parent().dataDir
                : DEFAULT_DATA_DIR;
    }

    /** Where results go: standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /**
     * Where progress and narration go: standard error for a subcommand, so that {@code dealer split … > result}
     * captures only the result; the menu ({@link Main}) keeps everything on the terminal's standard output.
     */
    PrintWriter narration() {
        return spec.commandLine().getErr();
    }

    DealerService startService() {
        IdentityOptions options = identityOptions();
        try {
            return DealerService.start(listenAddress(), dataDirectory(), options.identity(Role.DEALER), options.trust(), narration(),
                    Clock.systemUTC());
        } catch (java.net.BindException e) {
            throw new ListenInUse("cannot listen on " + listenAddress() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The listen address is taken, most likely by another dealer. */
    static final class ListenInUse extends CliException {
        ListenInUse(String message) {
            super(ExitCode.IO, message, "is another dealer running? choose another --listen");
        }
    }

    /**
     * The vaults of the data directory, read-only and without listening: reads take no lock and write
     * nothing, so this works while another dealer process runs on the same directory.
     */
    VaultStore offlineVaults() {
        return new VaultStore(dataDirectory(), identityOptions().identity(Role.DEALER));
    }

    /**
     * The vault of {@code --vault}: its full id or a unique prefix of 8+ hex digits (see {@link IdPrefix}),
     * resolved against the data directory before anything listens.
     */
    VaultId vaultId(String value) {
        try {
            return IdPrefix.resolve(value, new VaultStore(dataDirectory(), null).list(), VaultId::hex, "vault",
                    "dealer list");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs an operation, turning interruption into a failure and I/O errors into their exit codes. */
    interface Operation {
        void run(DealerService service) throws IOException, InterruptedException;
    }

    void withService(Operation operation) {
        withService(startService(), operation);
    }

    /** As above, with a service already started; closes it. */
    void withService(DealerService started, Operation operation) {
        try (DealerService service = started) {
            operation.run(service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILURE, "interrupted");
        }
    }

}
