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
import sun.misc.Signal;
import sun.misc.SignalHandler;
import org.slf4j.LoggerFactory;

/**
 * The dealer's interactive menu: the same operations as the subcommands, asking for what each needs. The
 * phrase is read without echo when there is a terminal. A failed operation is reported and the menu goes on;
 * end of input (Ctrl-D) at a sub-prompt cancels that operation before anything is sent, at the choice quits.
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
                    case "4" -> whileWaiting(() -> service.dealer().status(out));
                    default -> say("choose 0 to 4");
                }
            } catch (CliException e) {
                say("dealer: error: " + e.getMessage());
                if (e.hint() != null) {
                    say("dealer: hint: " + e.hint());
                }
                log.debug("operation failed", e);
            } catch (InterruptedException e) {
                say("cancelled (Ctrl-C); the holders were told, nothing half-made was kept");
            } catch (Cancelled e) {
                say("cancelled; nothing was sent to the holders");
            } catch (IOException | RuntimeException e) {
                // Whatever went wrong ends this operation, not the menu.
                say("dealer: error: " + e.getMessage());
                log.debug("operation failed", e);
            }
        }
    }

    /** An operation that talks to the holders. */
    private interface Exchange {
        void run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code exchange} with Ctrl-C turned into a cancellation of it: the ceremony's own clean-up (on the
     * interruption) tells the holders and discards what was half made, and the menu comes back. Outside an
     * exchange Ctrl-C quits the dealer as usual.
     */
    private void whileWaiting(Exchange exchange) throws IOException, InterruptedException {
        Thread menu = Thread.currentThread();
        Signal interrupt = new Signal("INT");
        SignalHandler previous = Signal.handle(interrupt, s -> menu.interrupt());
        try {
            exchange.run();
        } finally {
            Signal.handle(interrupt, previous);
            Thread.interrupted();
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

    /** End of input at a sub-prompt: the operation is dropped before anything was sent. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** A sub-prompt's answer; end of input cancels the operation. */
    private String answer(String prompt) throws IOException {
        String v = ask(prompt);
        if (v == null) {
            say("");
            throw new Cancelled();
        }
        return v;
    }

    private int askInt(String prompt, int min, int max) throws IOException {
        String v = answer(prompt + " (" + min + "-" + max + ")");
        int k;
        try {
            k = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "'" + v + "' is not a number");
        }
        if (k < min || k > max) {
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "choose " + min + " to " + max + ", not " + k);
        }
        return k;
    }

    /** The holder list, offering the names connected now. */
    private List<String> askHolders(String prompt) throws IOException {
        List<String> present = service.holders().connectedNames();
        List<String> names = Main.names(answer(prompt + ", comma-separated"
                + (present.isEmpty() ? "" : " (connected: " + String.join(",", present) + ")")));
        if (names.size() < 2) {
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "give at least 2 holders, not " + names.size());
        }
        return names;
    }

    private char[] askPhrase(String prompt) throws IOException {
        if (console != null) {
            char[] p = console.readPassword(prompt + " (not shown): ");
            if (p == null) {
                say("");
                throw new Cancelled();
            }
            return p;
        }
        return answer(prompt).toCharArray();
    }

    private void split() throws IOException, InterruptedException {
        List<String> names = askHolders("holders");
        int t = askInt("threshold", 2, names.size());
        Dealer.checkSplitLimits(t, names);
        char[] phrase = askPhrase("secret phrase");
        char[] again = askPhrase("the secret phrase again");
        boolean same = java.util.Arrays.equals(phrase, again);
        java.util.Arrays.fill(again, '\0');
        if (!same) {
            java.util.Arrays.fill(phrase, '\0');
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "the two phrases differ; nothing was split");
        }
        if (phrase.length == 0) {
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "empty secret phrase");
        }
        Path file = Path.of(answer("file to protect"));
        if (!Files.isRegularFile(file)) {
            java.util.Arrays.fill(phrase, '\0');
            throw new CliException(dev.dkg.cli.ExitCode.IO, "no such file: " + file);
        }
        String label = Dealer.checkLabel(answer("label (optional, shown in listings)"));
        whileWaiting(() -> service.dealer().split(t, names, phrase, file, label, WAIT));
    }

    /** Lists the vaults (threshold, holders, epoch, label, creation time); one is chosen by number or id prefix. */
    private VaultState chooseVault() throws IOException {
        List<VaultId> ids = service.vaults().list();
        if (ids.isEmpty()) {
            throw new CliException(dev.dkg.cli.ExitCode.USAGE, "there are no vaults yet");
        }
        List<VaultState> states = new java.util.ArrayList<>();
        for (VaultId id : ids) {
            states.add(service.vaults().state(id));
        }
        for (int i = 0; i < states.size(); i++) {
            say((i + 1) + ") " + states.get(i).summary());
        }
        if (states.size() == 1) {
            return states.get(0);
        }
        String v = answer("vault (1-" + states.size() + " or id prefix)");
        if (v.length() < dev.dkg.cli.IdPrefix.MIN_DIGITS && v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
            int k = Integer.parseInt(v);
            if (k < 1 || k > states.size()) {
                throw new CliException(dev.dkg.cli.ExitCode.USAGE, "choose 1 to " + states.size());
            }
            return states.get(k - 1);
        }
        return dev.dkg.cli.IdPrefix.resolve(v, states, s -> s.vault().hex(), "vault", "dealer status");
    }

    private void combine() throws IOException, InterruptedException {
        VaultState vault = chooseVault();
        Path outFile = Path.of(answer("write the recovered file to"));
        Path parent = outFile.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CliException(dev.dkg.cli.ExitCode.IO, "cannot write " + outFile + ": the directory " + parent
                    + " does not exist; no share was asked for");
        }
        boolean force = false;
        if (Files.exists(outFile)) {
            force = yes(answer(outFile + " exists; overwrite? [y/N]"));
            if (!force) {
                say("not overwriting " + outFile + "; no share was asked for");
                return;
            }
        }
        boolean show = yes(answer("show the secret phrase? [y/N]"));
        boolean overwrite = force;
        whileWaiting(() -> service.dealer().combine(vault.vault(), outFile, overwrite, show ? out : null, WAIT));
    }

    private void reshare() throws IOException, InterruptedException {
        say("1) Refresh: new shares for the same holders and threshold");
        say("2) Redistribute: a new threshold and holder list");
        String kind = answer("choice (1-2)");
        if (!"1".equals(kind) && !"2".equals(kind)) {
            say("choose 1 or 2");
            return;
        }
        VaultState vault = chooseVault();
        if ("1".equals(kind)) {
            whileWaiting(() -> service.dealer().refresh(vault.vault(), WAIT));
        } else {
            List<String> names = askHolders("new holders");
            int t = askInt("new threshold", 2, names.size());
            whileWaiting(() -> service.dealer().reshare(vault.vault(), t, names, WAIT));
        }
    }

    private static boolean yes(String answer) {
        return answer != null && (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
