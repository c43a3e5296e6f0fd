package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Subject;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.sharing.VaultId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The dealer's operations, shared by the menu and the subcommands: each ceremony has its own class
 * ({@link SplitCeremony}, {@link CombineCeremony}, {@link RefreshCeremony}, {@link ReshareCeremony}) over
 * the {@link HolderExchange} and the {@link PendingNotices}; this class starts them and shows the status.
 *
 * <p>Guarantees: those of each ceremony; in short, shares go only to holders whose certificate validates
 * now, the dealer keeps only the encrypted vault and public commitments, nothing is written from fewer than
 * t good shares, and refresh and reshare never reconstruct the secret.
 */
final class Dealer {
    static final byte[] PHRASE_CONTEXT = "dkg vault v1 phrase".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FILE_CONTEXT = "dkg vault v1 file".getBytes(StandardCharsets.US_ASCII);

    private final VaultStore vaults;
    private final HolderExchange exchange;
    private final SplitCeremony split;
    private final CombineCeremony combine;
    private final RefreshCeremony refresh;
    private final ReshareCeremony reshare;

    Dealer(Identity me, TrustAnchor trust, VaultStore vaults, HolderRegistry holders, PendingNotices notices,
           PrintWriter out, Clock clock, SecureRandom random) {
        this.vaults = vaults;
        this.exchange = new HolderExchange(holders, notices, trust, out, clock);
        this.split = new SplitCeremony(exchange, vaults, clock, random);
        this.combine = new CombineCeremony(exchange, vaults, me, random);
        this.refresh = new RefreshCeremony(exchange, vaults, random);
        this.reshare = new ReshareCeremony(exchange, vaults);
    }

    /** Checks t and the holder list: 2 <= t <= n <= 255, well-formed distinct names. */
    static void checkSplitLimits(int threshold, List<String> names) {
        if (names.size() > 255) {
            throw new CliException(ExitCode.USAGE, "at most 255 holders, not " + names.size());
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            try {
                Subject.checkName(n);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "holder " + e.getMessage());
            }
            if (!seen.add(n)) {
                throw new CliException(ExitCode.USAGE, "holder '" + n + "' is listed twice");
            }
        }
        if (threshold < 2) {
            throw new CliException(ExitCode.USAGE, "the threshold must be at least 2, not " + threshold,
                    "with t = 1 every holder alone would have the secret");
        }
        if (names.size() < threshold) {
            throw new CliException(ExitCode.USAGE, "the threshold " + threshold + " exceeds the " + names.size()
                    + " holders", "give at least t holders with --holders");
        }
    }

    /** The STREAM context of a vault's phrase or file: the label, then the vault id (protocol 12.8). */
    static byte[] context(byte[] label, VaultId vault) {
        byte[] c = Arrays.copyOf(label, label.length + VaultId.LENGTH);
        System.arraycopy(vault.bytes(), 0, c, label.length, VaultId.LENGTH);
        return c;
    }

    /**
     * Splits a fresh secret t-of-n among {@code names}, encrypting {@code phrase} and the file under the
     * vault key; returns the new vault's id. The phrase array is wiped.
     */
    VaultId split(int threshold, List<String> names, char[] phrase, Path file, Duration wait)
            throws IOException, InterruptedException {
        return split(threshold, names, phrase, file, "", wait);
    }

    /** As above, naming the vault {@code label} (shown by status, list and the menu; may be empty). */
    VaultId split(int threshold, List<String> names, char[] phrase, Path file, String label, Duration wait)
            throws IOException, InterruptedException {
        return split.run(threshold, names, phrase, file, label, wait);
    }

    /** Checks a vault label: at most {@link VaultState#MAX_LABEL} UTF-8 bytes, no control characters. */
    static String checkLabel(String label) {
        String l = label == null ? "" : label.strip();
        if (l.getBytes(StandardCharsets.UTF_8).length > VaultState.MAX_LABEL || l.chars().anyMatch(Character::isISOControl)) {
            throw new CliException(ExitCode.USAGE, "a vault label is at most " + VaultState.MAX_LABEL
                    + " bytes without control characters");
        }
        return l;
    }

    CombineCeremony.Recovered combine(VaultId vault, Path outFile, boolean force, boolean showPhrase, Duration wait)
            throws IOException, InterruptedException {
        return combine.run(vault, outFile, force, showPhrase ? exchange.out() : null, wait);
    }

    /** As above, printing the recovered phrase to {@code phraseTo} (a result, not narration) unless it is null. */
    CombineCeremony.Recovered combine(VaultId vault, Path outFile, boolean force, PrintWriter phraseTo, Duration wait)
            throws IOException, InterruptedException {
        return combine.run(vault, outFile, force, phraseTo, wait);
    }

    /** Re-randomises every holder's share of {@code vault}; needs all n holders connected. */
    void refresh(VaultId vault, Duration wait) throws IOException, InterruptedException {
        refresh.run(vault, wait);
    }

    /** Moves {@code vault} to a {@code newThreshold}-of-n' sharing among {@code newNames}. */
    void reshare(VaultId vault, int newThreshold, List<String> newNames, Duration wait)
            throws IOException, InterruptedException {
        reshare.run(vault, newThreshold, newNames, wait);
    }

    /**
     * Prints to {@code to} the connected holders and every vault, with the holders that have not yet confirmed a
     * commit or delete; those connected now were just sent it again and get a moment to confirm first.
     */
    void status(PrintWriter to, boolean json) throws IOException, InterruptedException {
        for (VaultId id : vaults.list()) {
            if (exchange.notices.of(id).stream().anyMatch(p -> exchange.holders.isConnected(p.name()))) {
                exchange.notices.awaitConfirmed(id, PendingNotices.CONFIRM_WAIT);
            }
        }
        VaultListing.print(to, vaults, exchange.holders.connectedNames(), json);
    }

    void status(PrintWriter to) throws IOException, InterruptedException {
        status(to, false);
    }

}
