package dev.dkg.keygen.client;

import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.crypto.Secrets;
import dev.dkg.keygen.ThresholdMessages;
import dev.dkg.pki.Identity;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The threshold keys this client holds a share of: one owner-only file per key,
 * {@code DATA-DIR/threshold/KEY-ID.share}, an envelope (kind 0x01F3) sealed to and signed by this client's own
 * identity, with session id = the 16-byte key id and sequence 0, holding a {@link HeldShare}.
 *
 * <p>Guarantee: a share is returned only from a file this identity sealed for exactly that key id; a file
 * renamed to another key's name, edited, or sealed by another identity is refused. Files are never overwritten.
 */
public final class ThresholdShareStore {
    static final String DIRECTORY = "threshold";
    static final String SUFFIX = ".share";

    private final Path dir;
    private final Identity me;

    public ThresholdShareStore(Path dataDir, Identity me) {
        this.dir = dataDir.resolve(DIRECTORY);
        this.me = me;
    }

    public Path directory() {
        return dir;
    }

    /** Seals {@code share} into a new file and returns its path. */
    public Path save(HeldShare share) throws IOException, GeneralSecurityException {
        SecretFiles.createPrivateDirectories(dir);
        Path file = dir.resolve(share.keyIdHex() + SUFFIX);
        byte[] plaintext = share.encode();
        try {
            byte[] sealed = Envelope.seal(ThresholdMessages.HELD_SHARE, share.receipt().keyId(), 0, me.privateKey(),
                    me.publicKey(), List.of(me.publicKey()), plaintext);
            SecretFiles.writeNew(file, sealed);
            return file;
        } finally {
            Secrets.wipe(plaintext);
        }
    }

    /** Every share this client holds, ordered by key id. */
    public List<HeldShare> list() throws IOException, GeneralSecurityException {
        List<HeldShare> shares = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return shares;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            shares.add(read(f));
        }
        return shares;
    }

    /** The one share whose key id is {@code id} or starts with it (8+ hex digits); null if none. */
    public HeldShare find(String id) throws IOException, GeneralSecurityException {
        String wanted = id.toLowerCase(Locale.ROOT);
        HeldShare found = null;
        for (HeldShare s : list()) {
            if (s.keyIdHex().startsWith(wanted)) {
                if (found != null) {
                    throw new IllegalArgumentException("key id prefix " + id + " matches more than one key");
                }
                found = s;
            }
        }
        return found;
    }

    private HeldShare read(Path file) throws IOException, GeneralSecurityException {
        String name = file.getFileName().toString();
        String hex = name.substring(0, name.length() - SUFFIX.length());
        if (!hex.matches("[0-9a-f]{32}")) {
            throw new GeneralSecurityException(file + ": not a share file name (32 hex digits + .share)");
        }
        byte[] keyId = HexFormat.of().parseHex(hex);
        Envelope.Expect expect = Envelope.Expect.of(keyId, 0).withKinds(Set.of(ThresholdMessages.HELD_SHARE));
        byte[] plaintext = null;
        try {
            plaintext = Envelope.open(Files.readAllBytes(file), expect, me.privateKey(), me.publicKey(), me.publicKey())
                    .plaintext();
            return HeldShare.decode(plaintext);
        } catch (EnvelopeException | WireFormatException e) {
            throw new GeneralSecurityException(file + ": not a share sealed by this identity for key " + hex + " ("
                    + e.getMessage() + ")");
        } finally {
            Secrets.wipe(plaintext);
        }
    }
}
