package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.pki.Identity;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.VaultId;
import dev.dkg.store.LogRecord;
import dev.dkg.store.RecordLog;
import dev.dkg.store.RecordLogTail;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The dealer's vaults on disk: {@code <data>/vaults/<vault-id>/} holding {@code phrase.enc} and
 * {@code file.enc} (chunked STREAM ciphertext under the vault key) and {@code state.log}, a record log whose
 * records are {@link VaultState}s sealed to and signed by the dealer itself; the last record is in force.
 *
 * <p>Guarantees: a vault directory appears under its final name only once complete (it is built under a
 * hidden name and renamed); vault directories are owner-only (0700) and their files too (0600); a state
 * record that was changed, or copied from another vault, fails to open; state reads and appends of one
 * dealer process are serialised ({@link #update} reads and appends as one step).
 */
final class VaultStore {
    static final String PHRASE_FILE = "phrase.enc";
    static final String CONTENT_FILE = "file.enc";
    static final String STATE_FILE = "state.log";

    private final Path vaults;
    private final Identity me;

    VaultStore(Path dataDir, Identity me) {
        this.vaults = dataDir.resolve("vaults");
        this.me = me;
    }

    Path dir(VaultId vault) {
        return vaults.resolve(vault.hex());
    }

    /** A fresh, empty directory to build a vault in, under a name {@link #list()} ignores. */
    Path createPartial(VaultId vault) throws IOException {
        SecretFiles.createPrivateDirectories(vaults);
        Path partial = vaults.resolve("." + vault.hex() + ".partial");
        if (Files.exists(partial)) {
            throw new java.nio.file.FileAlreadyExistsException(partial.toString());
        }
        return SecretFiles.createPrivateDirectories(partial);
    }

    /** Writes the first state into the partial directory and renames it to its final name. */
    synchronized void publish(Path partial, VaultState first) throws IOException {
        appendState(partial.resolve(STATE_FILE), first);
        Files.move(partial, dir(first.vault()), StandardCopyOption.ATOMIC_MOVE);
    }

    void discardPartial(Path partial) throws IOException {
        if (Files.exists(partial)) {
            try (Stream<Path> files = Files.walk(partial)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    synchronized void append(VaultState state) throws IOException {
        appendState(dir(state.vault()).resolve(STATE_FILE), state);
    }

    private void appendState(Path file, VaultState state) throws IOException {
        try (RecordLog log = RecordLog.open(file)) {
            byte[] sealed = Envelope.seal(SharingKinds.VAULT_STATE, log.storeId(), log.size(), me.privateKey(),
                    me.publicKey(), List.of(me.publicKey()), state.encode());
            log.append(sealed);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal the vault state: " + e.getMessage(), e);
        }
    }

    /** Appends {@code change} applied to the state in force, as one step; returns the new state. */
    synchronized VaultState update(VaultId vault, java.util.function.UnaryOperator<VaultState> change)
            throws IOException {
        VaultState next = change.apply(state(vault));
        append(next);
        return next;
    }

    /** The state in force, checked to be this dealer's own record for this vault. */
    synchronized VaultState state(VaultId vault) throws IOException {
        Path file = dir(vault).resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.IO, "no vault " + vault + " in " + vaults,
                    "'dealer status' lists the vaults");
        }
        // Read without the writer's lock and without writing, so that 'dealer list' and 'status' can read the
        // vaults while another dealer process uses them; a record still being written is not yet there.
        try (RecordLogTail log = RecordLogTail.open(file)) {
            List<LogRecord> records = log.poll();
            if (records.isEmpty()) {
                throw new CliException(ExitCode.IO, "vault " + vault + " has no state record");
            }
            LogRecord last = records.get(records.size() - 1);
            Envelope.Opened opened = Envelope.open(last.payload(),
                    new Envelope.Expect(log.storeId().orElseThrow(), last.number(), Set.of(SharingKinds.VAULT_STATE)),
                    me.privateKey(), me.publicKey(), me.publicKey());
            VaultState state = VaultState.decode(opened.plaintext());
            if (!state.vault().equals(vault)) {
                throw new CliException(ExitCode.VERIFICATION, "vault directory " + vault + " holds the state of vault "
                        + state.vault());
            }
            return state;
        } catch (EnvelopeException | WireFormatException e) {
            throw new CliException(ExitCode.VERIFICATION, "vault " + vault + " state does not verify: " + e.getMessage(),
                    "was it changed, or written by another dealer identity?", e);
        }
    }

    Path phraseFile(VaultId vault) {
        return dir(vault).resolve(PHRASE_FILE);
    }

    Path contentFile(VaultId vault) {
        return dir(vault).resolve(CONTENT_FILE);
    }

    /** The complete vaults, by id. */
    List<VaultId> list() throws IOException {
        List<VaultId> ids = new ArrayList<>();
        if (!Files.isDirectory(vaults)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(vaults)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (name.matches("[0-9a-f]{32}") && Files.isRegularFile(d.resolve(STATE_FILE))) {
                    ids.add(VaultId.parse(name));
                }
            }
        }
        ids.sort(Comparator.comparing(VaultId::hex));
        return ids;
    }
}
