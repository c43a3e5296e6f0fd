package dev.dkg.dealer;

import dev.dkg.cli.DurationConverter;
import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.PasswordInput;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.sharing.VaultId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The dealer executable: the interactive menu, or one operation per subcommand for scripts. */
@Command(name = "dealer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {Main.Split.class, Main.Combine.class, Main.Status.class, Main.ListCommand.class,
                Main.RefreshCommand.class,
                Main.Reshare.class},
        description = {"Splits a secret among share holders (verifiable t-of-n sharing), recovers it, and "
                + "refreshes or redistributes the shares without ever reconstructing it.",
                "Without a subcommand: listens for holders and shows a menu on the terminal."})
public final class Main extends DealerCommand implements Runnable {
    @Mixin
    VerboseOption verbose;

    @Mixin
    IdentityOptions identity;

    @Override
    DealerCommand parent() {
        return null;
    }

    @Override
    PrintWriter narration() {
        return out();
    }

    @Override
    public void run() {
        withService(service -> new Menu(service, new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8)), out(), System.console()).run());
    }

    public static void main(String[] args) {
        Cli.main("dealer", new Main(), args);
    }

    /** Reads the phrase: first line of a file, or of standard input for "-". */
    static char[] readPhrase(String source) {
        if (!source.equals("-")) {
            return PasswordInput.fromFile(Path.of(source));
        }
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException(ExitCode.USAGE, "no secret phrase on standard input");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Command(name = "split", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Encrypts the phrase and the file into a new vault and splits its key t-of-n among the "
                    + "holders; waits for them to connect.")
    static final class Split extends DealerCommand implements Runnable {
        @ParentCommand
        Main main;

        @Option(names = "--threshold", required = true, paramLabel = "T", description = "Shares needed to recover (2..n).")
        int threshold;

        @Option(names = "--holders", required = true, paramLabel = "NAME,…", description = "The n holders, in order.")
        String holders;

        @Option(names = "--secret-file", required = true, paramLabel = "FILE|-",
                description = "File whose first line is the secret phrase; - reads it from standard input.")
        String secretFile;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The file to protect.")
        Path file;

        @Option(names = "--label", paramLabel = "TEXT",
                description = "A name for the vault, shown by status, list and the menu (at most 200 bytes).")
        String label;

        @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
                description = "How long to wait for the holders to connect (default ${DEFAULT-VALUE}).")
        Duration wait;

        @Override
        DealerCommand parent() {
            return main;
        }

        @Override
        public void run() {
            List<String> names = names(holders);
            Dealer.checkSplitLimits(threshold, names);
            String name = Dealer.checkLabel(label);
            char[] phrase = readPhrase(secretFile);
            withService(service -> {
                // The result, alone on standard output: the new vault's id.
                out().println(service.dealer().split(threshold, names, phrase, file, name, wait).hex());
                out().flush();
            });
        }
    }

    @Command(name = "combine", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Collects shares of a vault from its holders (with their approval), recovers the key "
                    + "and writes the file.")
    static final class Combine extends DealerCommand implements Runnable {
        @ParentCommand
        Main main;

        @Option(names = "--vault", required = true, paramLabel = "ID", description = "The vault: its id or a unique prefix of 8+ hex digits (see list).")
        String vault;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the file.")
        Path outFile;

        @Option(names = "--force", description = "Overwrite --out if it exists.")
        boolean force;

        @Option(names = "--show-phrase", description = "Print the secret phrase as well.")
        boolean showPhrase;

        @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
                description = "How long to wait for enough good shares (default ${DEFAULT-VALUE}).")
        Duration wait;

        @Override
        DealerCommand parent() {
            return main;
        }

        @Override
        public void run() {
            VaultId id = vaultId(vault);
            withService(service -> service.dealer().combine(id, outFile, force, showPhrase ? out() : null,
                    wait));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Shows the vaults and which holders connect within --wait.",
                    "If another dealer is listening on --listen, shows the vaults read-only, without connections."})
    static final class Status extends DealerCommand implements Runnable {
        @ParentCommand
        Main main;

        @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "6s",
                description = "How long to give holders to connect (default ${DEFAULT-VALUE}).")
        Duration wait;

        @Option(names = "--json", description = "One JSON document on stdout (fields: docs/operations.md).")
        boolean json;

        @Override
        DealerCommand parent() {
            return main;
        }

        @Override
        public void run() {
            DealerService started;
            try {
                started = startService();
            } catch (ListenInUse e) {
                narration().println("dealer: " + e.getMessage() + "; another dealer is running? showing the vaults "
                        + "read-only, without holder connections");
                narration().flush();
                try {
                    VaultListing.print(out(), offlineVaults(), null, json);
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
                return;
            }
            withService(started, service -> {
                java.util.Set<String> known = new java.util.TreeSet<>();
                for (var id : service.vaults().list()) {
                    try {
                        VaultState state = service.vaults().state(id);
                        known.addAll(state.holderNames());
                        known.addAll(state.pendingNames());
                    } catch (CliException e) {
                        // status reports the damaged vault itself
                    }
                }
                if (!known.isEmpty()) {
                    service.holders().awaitConnected(known, known.size(), wait, narration());
                }
                service.dealer().status(out(), json);
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Lists the vaults (threshold, holders, epoch, file, creation, unconfirmed notices) "
                    + "without listening: read-only, no lock taken, nothing written, so it works while another "
                    + "dealer process runs on the same --data-dir."})
    static final class ListCommand extends DealerCommand implements Runnable {
        @ParentCommand
        Main main;

        @Option(names = "--json", description = "One JSON document on stdout (fields: docs/operations.md).")
        boolean json;

        @Override
        DealerCommand parent() {
            return main;
        }

        @Override
        public void run() {
            try {
                VaultListing.print(out(), offlineVaults(), null, json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Gives every holder of a vault a new share of the same secret (same t, same holders); "
                    + "old shares stop combining with new ones. Needs every holder connected.")
    static final class RefreshCommand extends DealerCommand implements Runnable {
        @ParentCommand
        Main main;

        @Option(names = "--vault", required = true, paramLabel = "ID",
                description = "The vault: its id or a unique prefix of 8+ hex digits (see list).")
        String vault;

        @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
                description = "How long to wait for the holders (default ${DEFAULT-VALUE}).")
        Duration wait;

        @Override
        DealerCommand parent() {
            return main;
        }

        @Override
        public void run() {
            VaultId id = vaultId(vault);
            withService(service -> service.dealer().refresh(id, wait));
        }
    }

    @Command(name = "reshare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Redistributes a vault to a new threshold and holder list without reconstructing the "
                    + "secret: t current holders sub-share to the new ones through the dealer, which cannot read them.")
    static final class Reshare extends DealerCommand implements Runnable {
        @ParentCommand
        Main main;

        @Option(names = "--vault", required = true, paramLabel = "ID",
                description = "The vault: its id or a unique prefix of 8+ hex digits (see list).")
        String vault;

        @Option(names = "--threshold", required = true, paramLabel = "T2", description = "The new threshold.")
        int threshold;

        @Option(names = "--holders", required = true, paramLabel = "NAME,…", description = "The new holders, in order.")
        String holders;

        @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
                description = "How long to wait for the holders (default ${DEFAULT-VALUE}).")
        Duration wait;

        @Override
        DealerCommand parent() {
            return main;
        }

        @Override
        public void run() {
            List<String> names = names(holders);
            Dealer.checkSplitLimits(threshold, names);
            VaultId id = vaultId(vault);
            withService(service -> service.dealer().reshare(id, threshold, names, wait));
        }
    }
}
