package dev.dkg.holder;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.pki.Identity;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.VaultId;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A holder's shares on disk: one file {@code <vault-id>-<epoch>.share} per vault and epoch, each an
 * {@link Envelope} sealed to and signed by the holder's own key (session id = vault id, sequence = epoch),
 * and one {@code <vault-id>.vault} per vault binding it to the dealer key that first dealt it.
 *
 * <p>Guarantees: a share file is created new and owner-only and never overwritten; a share or binding that
 * is opened is exactly what this holder wrote for that vault (a changed, swapped or foreign file fails to
 * open); a binding is replaced only by an atomic rename; a wiped file is overwritten with zeros and flushed
 * before it is deleted; a directory claimed by one holder process is refused to a second one, and to any
 * other identity for good ({@code holder.id}).
 */
final class ShareStore {
    private static final Logger log = LoggerFactory.getLogger(ShareStore.class);
    private static final Pattern FILE_NAME = Pattern.compile("([0-9a-f]{32})-(0|[1-9][0-9]{0,9})\\.share");
    static final String OWNER_FILE = "holder.id";
    static final String LOCK_FILE = ".lock";
    /** Binding files are rewritten; the sequence is fixed, the kind and session id (vault id) bind it. */
    private static final long BINDING_SEQUENCE = 0;

    private final Path dir;
    private final Identity me;

    /** A file found in the directory: which vault and epoch its name claims. */
    record Entry(VaultId vault, long epoch, Path file) {}

    ShareStore(Path dir, Identity me) {
        this.dir = dir;
        this.me = me;
    }

    Path dir() {
        return dir;
    }

    Path fileOf(VaultId vault, long epoch) {
        return dir.resolve(vault.hex() + "-" + epoch + ".share");
    }

    Path bindingFile(VaultId vault) {
        return dir.resolve(vault.hex() + ".vault");
    }

    /** The identity a directory belongs to, from its {@code holder.id}: name and key id hex. */
    record Owner(String name, String keyIdHex) {
        String describe() {
            return "'" + name + "' (key " + keyIdHex.substring(0, 16) + "…)";
        }
    }

    /** Who the directory belongs to, or null if no holder has claimed it yet. */
    Owner owner() throws IOException {
        Path f = dir.resolve(OWNER_FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        String[] parts = Files.readString(f, java.nio.charset.StandardCharsets.US_ASCII).strip().split(" ");
        if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}")) {
            throw new IOException(f + " is not a holder id file (expected 'NAME KEY-ID-HEX')");
        }
        return new Owner(parts[0], parts[1]);
    }

    /** Whether the directory belongs to this holder's identity (or to nobody yet). */
    boolean ownedByMe() throws IOException {
        Owner o = owner();
        return o == null || o.keyIdHex().equals(me.keyId().hex());
    }

    /**
     * Takes the directory for this running holder until the returned lock is closed: refuses one that a
     * running holder process holds, or that belongs to another identity; records this identity in a new one.
     */
    java.io.Closeable claim() throws IOException {
        SecretFiles.createPrivateDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new CliException(ExitCode.IO, "share directory " + dir + " is in use by another share-holder process",
                    "give each holder its own --dir");
        }
        try {
            Owner o = owner();
            if (o == null) {
                SecretFiles.writeNew(dir.resolve(OWNER_FILE), (me.name() + " " + me.keyId().hex() + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } else if (!o.keyIdHex().equals(me.keyId().hex())) {
                throw new CliException(ExitCode.VERIFICATION, "share directory " + dir + " belongs to share-holder "
                        + o.describe() + ", not to '" + me.name() + "' (key " + me.keyId().fingerprint() + ")",
                        "give each holder its own --dir");
            }
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        return lockChannel;
    }

    /**
     * The binding of {@code vault}, or null if this holder has nothing of it. Throws EnvelopeException when
     * it cannot tell which dealer the vault belongs to: the binding file is damaged or not this holder's, or
     * share files of the vault exist without one.
     */
    VaultBinding binding(VaultId vault) throws IOException, EnvelopeException {
        byte[] sealed;
        try {
            sealed = Files.readAllBytes(bindingFile(vault));
        } catch (NoSuchFileException e) {
            if (!epochs(vault).isEmpty()) {
                throw new EnvelopeException("share files of vault " + vault + " exist but its binding file "
                        + bindingFile(vault).getFileName() + " is missing");
            }
            return null;
        }
        Envelope.Opened opened = Envelope.open(sealed,
                new Envelope.Expect(vault.bytes(), BINDING_SEQUENCE, Set.of(SharingKinds.VAULT_BINDING)),
                me.privateKey(), me.publicKey(), me.publicKey());
        try {
            VaultBinding b = VaultBinding.decode(opened.plaintext());
            if (!b.vault().equals(vault)) {
                throw new EnvelopeException("binding file names vault " + b.vault());
            }
            return b;
        } catch (WireFormatException e) {
            throw new EnvelopeException("binding file content is malformed: " + e.getMessage());
        }
    }

    /** Writes (or atomically replaces) the binding of its vault. */
    void bind(VaultBinding binding) throws IOException, GeneralSecurityException {
        SecretFiles.createPrivateDirectories(dir);
        byte[] sealed = Envelope.seal(SharingKinds.VAULT_BINDING, binding.vault().bytes(), BINDING_SEQUENCE,
                me.privateKey(), me.publicKey(), List.of(me.publicKey()), binding.encode());
        Path target = bindingFile(binding.vault());
        Path temp = dir.resolve("." + target.getFileName() + ".new");
        Files.deleteIfExists(temp);
        SecretFiles.writeNew(temp, sealed);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    boolean exists(VaultId vault, long epoch) {
        return Files.exists(fileOf(vault, epoch));
    }

    void write(StoredShare share) throws IOException, GeneralSecurityException {
        SecretFiles.createPrivateDirectories(dir);
        byte[] plain = share.encode();
        try {
            byte[] sealed = Envelope.seal(SharingKinds.STORED_SHARE, share.vault().bytes(), share.epoch(),
                    me.privateKey(), me.publicKey(), List.of(me.publicKey()), plain);
            SecretFiles.writeNew(fileOf(share.vault(), share.epoch()), sealed);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The share of {@code vault} at {@code epoch}. Throws NoSuchFileException if there is none,
     * EnvelopeException if the file was changed or is not this holder's share of that vault and epoch.
     */
    StoredShare read(VaultId vault, long epoch) throws IOException, EnvelopeException {
        byte[] sealed = Files.readAllBytes(fileOf(vault, epoch));
        Envelope.Opened opened = Envelope.open(sealed,
                new Envelope.Expect(vault.bytes(), epoch, Set.of(SharingKinds.STORED_SHARE)),
                me.privateKey(), me.publicKey(), me.publicKey());
        byte[] plain = opened.plaintext();
        try {
            StoredShare share = StoredShare.decode(plain);
            if (!share.vault().equals(vault) || share.epoch() != epoch) {
                throw new EnvelopeException("share file names vault " + share.vault() + " epoch " + share.epoch());
            }
            return share;
        } catch (WireFormatException e) {
            throw new EnvelopeException("share file content is malformed: " + e.getMessage());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Every share file in the directory, by vault then epoch. */
    List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.share")) {
            for (Path f : files) {
                Matcher m = FILE_NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    entries.add(new Entry(VaultId.parse(m.group(1)), Long.parseLong(m.group(2)), f));
                }
            }
        }
        entries.sort((a, b) -> a.vault().hex().equals(b.vault().hex()) ? Long.compare(a.epoch(), b.epoch())
                : a.vault().hex().compareTo(b.vault().hex()));
        return entries;
    }

    /** The epochs held for {@code vault}, in increasing order. */
    List<Long> epochs(VaultId vault) throws IOException {
        return entries().stream().filter(e -> e.vault().equals(vault)).map(Entry::epoch).toList();
    }

    /** Wipes the share of {@code vault} at {@code epoch}, if there is one; returns whether there was. */
    boolean wipe(VaultId vault, long epoch) throws IOException {
        return wipeFile(fileOf(vault, epoch));
    }

    /** Wipes every share of {@code vault} older than {@code epoch}; returns how many. */
    int wipeOlderThan(VaultId vault, long epoch) throws IOException {
        int n = 0;
        for (long e : epochs(vault)) {
            if (e < epoch && wipe(vault, e)) {
                n++;
            }
        }
        return n;
    }

    /** Wipes every share of {@code vault}, then its binding; returns how many shares. */
    int wipeAll(VaultId vault) throws IOException {
        int n = 0;
        for (long e : epochs(vault)) {
            if (wipe(vault, e)) {
                n++;
            }
        }
        wipeFile(bindingFile(vault));
        return n;
    }

    private static boolean wipeFile(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        // Overwrite before unlinking, so the sealed share does not linger in free blocks of simple file systems.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(4096);
            long written = 0;
            while (written < size) {
                zeros.clear().limit((int) Math.min(4096, size - written));
                written += ch.write(zeros, written);
            }
            ch.force(true);
        }
        Files.delete(file);
        log.debug("wiped {}", file);
        return true;
    }
}
