package dev.dkg.otp.distributor;

import dev.dkg.crypto.Secrets;
import dev.dkg.database.KeyRecordTable;
import dev.dkg.keygen.KeyApplications;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.otp.OtpParameters;
import dev.dkg.pki.Identity;
import dev.dkg.pki.TrustAnchor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of the keygen server's key_store, read as one of its recipients through {@link KeyStoreReader}
 * and followed while the server appends: from the file, or from its copy in the shared database (every key
 * store the database holds, each verified on its own as if it were the file).
 *
 * <p>Guarantee: a key is served only if its record was sealed to this distributor, sits at its own position
 * in its store and is signed by a keygen server our CA certified (the reader's checks). Records sealed to
 * other recipients only are skipped, with a warning, since a distributor named later cannot read older keys.
 * A record that fails verification is an error, and it stays one: every later refresh fails the same way, so
 * nothing written after a forged or damaged record is ever served. The keys read before it stay served.
 *
 * <p>A distributor whose verification state is its own (no shared database) does not serve a key sealed to
 * more than one distributor: each of them would accept every code once, so a code would be accepted once per
 * distributor and the guessing budget multiplied by their number. Such a key is skipped with an error line
 * naming the fix (docs/operations.md, "Several distributors").
 *
 * <p>{@link #refresh()} reads and decrypts outside the lock that {@link #find}, {@link #keys()} and
 * {@link #otpSecret} use (they read an immutable snapshot), so a slow store never stalls a request.
 *
 * <p>Only the OTP secret ({@link KeyApplications#otpSecret}, the bytes {@code keygen-server export --as otp}
 * writes) is kept; the key itself is wiped as soon as the secret is derived.
 */
public final class KeyStoreKeySource implements KeySource {
    private static final Logger log = LoggerFactory.getLogger(KeyStoreKeySource.class);
    /** The keygen server and one distributor: the recipients of a key only one distributor derives. */
    private static final int ONE_DISTRIBUTOR = 2;

    private record Entry(KeyInfo info, byte[] secret) {}

    /** Finds the key stores not followed yet: the one file, or each store the database holds. */
    interface Stores {
        List<KeyStoreReader> newStores() throws IOException;
    }

    private final Stores stores;
    private final boolean sharedState;
    /** Serialises refreshes and close; never held by a request. */
    private final Object refreshLock = new Object();
    private final List<KeyStoreReader> readers = new ArrayList<>();
    private final Map<KeyStoreReader, Long> skippedReported = new java.util.HashMap<>();
    private final Set<String> refusedShared = new HashSet<>();
    /** Copy-on-write: replaced whole by a refresh, read without a lock. */
    private volatile Map<String, Entry> keys = Map.of();

    KeyStoreKeySource(Stores stores, boolean sharedState) {
        this.stores = stores;
        this.sharedState = sharedState;
    }

    /**
     * Opens the key store at {@code file} as {@code me} and reads every key in it.
     *
     * @param sharedState whether this distributor's verification state is shared by every distributor a key
     *     may be sealed to (false for a local state log: keys sealed to several distributors are refused)
     * @throws NoSuchFileException if there is no such file (a typo in the path, or a keygen server that
     *     never ran): the reader itself would wait for it forever
     * @throws IOException if the file is damaged
     * @throws GeneralSecurityException if a record does not verify
     */
    public static KeyStoreKeySource open(Path file, Identity me, TrustAnchor trust, boolean sharedState)
            throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        KeyStoreReader reader = KeyStoreReader.open(file, me, trust);
        boolean[] given = {false};
        return opened(new KeyStoreKeySource(() -> {
            if (given[0]) {
                return List.of();
            }
            given[0] = true;
            return List.of(reader);
        }, sharedState));
    }

    /** As {@link #open(Path, Identity, TrustAnchor, boolean)} with state of its own. */
    public static KeyStoreKeySource open(Path file, Identity me, TrustAnchor trust)
            throws IOException, GeneralSecurityException {
        return open(file, me, trust, false);
    }

    /**
     * Follows every key store copied into the shared database's {@code key_records} (new stores too), as
     * {@code me}; the verification state is shared, so keys sealed to several distributors are served.
     */
    public static KeyStoreKeySource openDatabase(KeyRecordTable table, Identity me, TrustAnchor trust)
            throws IOException, GeneralSecurityException {
        Set<String> followed = new HashSet<>();
        return opened(new KeyStoreKeySource(() -> {
            List<byte[]> ids;
            try {
                ids = table.storeIds();
            } catch (SQLException e) {
                throw new IOException("key records unreadable: " + e.getMessage(), e);
            }
            List<KeyStoreReader> found = new ArrayList<>();
            for (byte[] id : ids) {
                if (followed.add(HexFormat.of().formatHex(id))) {
                    found.add(KeyStoreReader.open(table.follow(id), me, trust));
                }
            }
            return found;
        }, true));
    }

    private static KeyStoreKeySource opened(KeyStoreKeySource source) throws IOException, GeneralSecurityException {
        try {
            source.refresh();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            source.close();
            throw e;
        }
        return source;
    }

    @Override
    public List<KeyInfo> keys() {
        return keys.values().stream().map(Entry::info).toList();
    }

    @Override
    public Optional<KeyInfo> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId)).map(Entry::info);
    }

    @Override
    public Optional<byte[]> otpSecret(String keyId) {
        return Optional.ofNullable(keys.get(keyId)).map(e -> e.secret().clone());
    }

    @Override
    public List<KeyInfo> refresh() throws IOException, GeneralSecurityException {
        synchronized (refreshLock) {
            readers.addAll(stores.newStores());
            Map<String, Entry> next = new LinkedHashMap<>(keys);
            List<KeyInfo> added = new ArrayList<>();
            try {
                for (KeyStoreReader reader : readers) {
                    // A record that does not verify stops its reader for good: every later refresh throws the same.
                    read(reader, next, added);
                }
            } finally {
                // Keys read before a failure are served: the store is trusted up to the bad record.
                keys = Collections.unmodifiableMap(next);
            }
            return added;
        }
    }

    private void read(KeyStoreReader reader, Map<String, Entry> into, List<KeyInfo> added)
            throws IOException, GeneralSecurityException {
        List<KeyRecord> records = reader.poll();
        try {
            for (KeyRecord record : records) {
                String purpose = record.parameters().purpose();
                OtpParameters parameters;
                try {
                    // The purpose names the OTP parameters (docs/protocol.md 13.5).
                    parameters = OtpParameters.forPurpose(purpose);
                } catch (IllegalArgumentException e) {
                    // Serving it with guessed parameters would hand out codes no enrolled app agrees with.
                    log.warn("{}: key {} is not served: {}", reader.name(), record.keyId(), e.getMessage());
                    continue;
                }
                KeyInfo info = new KeyInfo(record.keyId(), purpose, record.created(), parameters);
                if (into.containsKey(info.keyId())) {
                    // Key ids are transcript hashes: a repeat means a record was copied, not a new key.
                    log.warn("{}: key {} is stored twice; serving the first", reader.name(), info.keyId());
                    continue;
                }
                int recipients = reader.recipientCount(record.keyId());
                if (!sharedState && recipients > ONE_DISTRIBUTOR) {
                    if (refusedShared.add(info.keyId())) {
                        log.error("{}: key {} is not served: it is sealed to {} distributors and this one keeps its "
                                + "state alone, so each would accept every code once; start every distributor "
                                + "with the same --database", reader.name(), info.keyId(), recipients - 1);
                    }
                    continue;
                }
                byte[] key = record.key();
                try {
                    into.put(info.keyId(), new Entry(info, KeyApplications.otpSecret(key)));
                } finally {
                    Secrets.wipe(key);
                }
                added.add(info);
            }
        } finally {
            records.forEach(KeyRecord::wipe);
        }
        long skipped = reader.skippedRecords();
        if (skipped > skippedReported.getOrDefault(reader, 0L)) {
            log.warn("{}: {} key record(s) are not sealed to this distributor and are skipped; the keygen server "
                    + "seals a key only to the --recipient certificates it had when it made the key",
                    reader.name(), skipped);
            skippedReported.put(reader, skipped);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (refreshLock) {
            for (Entry e : keys.values()) {
                Secrets.wipe(e.secret());
            }
            keys = Map.of();
            for (KeyStoreReader reader : readers) {
                reader.close();
            }
        }
    }
}
