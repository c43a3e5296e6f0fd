package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.sharing.VaultId;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dealer's interactive menu: the same operations as the subcommands, asking for what each needs. The
 * phrase is read without echo when there is a terminal. A failed operation is reported and the menu goes on.
 */
final class Menu {
    private static final Logger log = LoggerFactory.getLogger(Menu.class);
    static final Duration WAIT = Duration.ofSeconds(60);

    private final DealerService service;
    private final BufferedReader in;
    private final PrintWriter out;
    private final Console console;

    Menu(DealerService service, BufferedReader in, PrintWriter out, Console console) {
        this.service = service;
        this.in = in;
        this.out = out;
        this.console = console;
    }

    void run() throws IOException, InterruptedException {
        while (true) {
            say("");
            say(connectedLine());
            say("1) Split a secret into shares");
            say("2) Combine shares to recover the secret");
            say("3) Reshare (refresh or redistribute)");
            say("4) Status: holders connected, vaults");
            say("0) Quit");
            String choice = ask("choice");
            if (choice == null || choice.equals("0") || choice.equalsIgnoreCase("q")) {
                return;
            }
            try {
                switch (choice) {
                    case "1" -> split();
                    case "2" -> combine();
                    case "3" -> reshare();
                    case "4" -> service.dealer().status();
                    default -> say("choose 0 to 4");
                }
            } catch (CliException e) {
                say("dealer: error: " + e.getMessage());
                if (e.hint() != null) {
                    say("dealer: hint: " + e.hint());
                }
                log.debug("operation failed", e);
            } catch (IllegalArgumentException e) {
                say("dealer: error: " + e.getMessage());
            } catch (IOException | java.io.UncheckedIOException e) {
                // A file problem ends this operation, not the menu.
                say("dealer: error: " + e.getMessage());
                log.debug("operation failed", e);
            }
        }
    }

    /** "3/5 holders connected: alice bob carol", counting the holders of every vault and whoever is connected. */
    String connectedLine() throws IOException {
        Set<String> known = new TreeSet<>(service.holders().connectedNames());
        for (VaultId id : service.vaults().list()) {
            try {
                known.addAll(service.vaults().state(id).holderNames());
            } catch (CliException e) {
                log.debug("vault {}: {}", id, e.getMessage());
            }
        }
        List<String> present = service.holders().connectedNames();
        return present.size() + "/" + known.size() + " holders connected"
                + (present.isEmpty() ? "" : ": " + String.join(" ", present));
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private String ask(String prompt) throws IOException {
        synchronized (out) {
            out.print(prompt + ": ");
            out.flush();
        }
        String line = in.readLine();
        return line == null ? null : line.strip();
    }

    private int askInt(String prompt) throws IOException {
        String v = ask(prompt);
        try {
            return Integer.parseInt(v == null ? "" : v);
        } catch (NumberFormatException e) {
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "'" + v + "' is not a number");
        }
    }

    private void split() throws IOException, InterruptedException {
        int t = askInt("threshold t");
        List<String> names = Main.names(orEmpty(ask("holders, comma-separated")));
        Dealer.checkSplitLimits(t, names);
        char[] phrase;
        if (console != null) {
            phrase = console.readPassword("secret phrase (not shown): ");
        } else {
            String p = ask("secret phrase");
            phrase = p == null ? new char[0] : p.toCharArray();
        }
        if (phrase == null || phrase.length == 0) {
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "empty secret phrase");
        }
        Path file = Path.of(orEmpty(ask("file to protect")));
        service.dealer().split(t, names, phrase, file, WAIT);
    }

    private VaultId chooseVault() throws IOException {
        List<VaultId> ids = service.vaults().list();
        if (ids.isEmpty()) {
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "there are no vaults yet");
        }
        if (ids.size() == 1) {
            say("vault " + ids.get(0));
            return ids.get(0);
        }
        for (int i = 0; i < ids.size(); i++) {
            say((i + 1) + ") " + ids.get(i));
        }
        int k = askInt("vault");
        if (k < 1 || k > ids.size()) {
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "choose 1 to " + ids.size());
        }
        return ids.get(k - 1);
    }

    private void combine() throws IOException, InterruptedException {
        VaultId vault = chooseVault();
        Path outFile = Path.of(orEmpty(ask("write the recovered file to")));
        boolean force = false;
        if (Files.exists(outFile)) {
            force = yes(ask(outFile + " exists; overwrite? [y/N]"));
            if (!force) {
                return;
            }
        }
        boolean show = yes(ask("show the secret phrase? [y/N]"));
        service.dealer().combine(vault, outFile, force, show, WAIT);
    }

    private void reshare() throws IOException, InterruptedException {
        say("1) Refresh: new shares for the same holders and threshold");
        say("2) Redistribute: a new threshold and holder list");
        String kind = ask("choice");
        VaultId vault = chooseVault();
        if ("1".equals(kind)) {
            service.dealer().refresh(vault, WAIT);
        } else if ("2".equals(kind)) {
            int t = askInt("new threshold");
            List<String> names = Main.names(orEmpty(ask("new holders, comma-separated")));
            service.dealer().reshare(vault, t, names, WAIT);
        } else {
            say("choose 1 or 2");
        }
    }

    private static boolean yes(String answer) {
        return answer != null && (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
