package dev.dkg.otp.distributor;

import dev.dkg.crypto.Secrets;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of the keygen server's key_store, read as one of its recipients through {@link KeyStoreReader}
 * and followed while the server appends.
 *
 * <p>Guarantee: a key is served only if its record was sealed to this distributor, sits at its own position
 * in this store and is signed by a keygen server our CA certified (the reader's checks). Records sealed to
 * other recipients only are skipped, with a warning, since a distributor named later cannot read older keys.
 * A record that fails verification is an error, and it stays one: every later refresh fails the same way, so
 * nothing written after a forged or damaged record is ever served. The keys read before it stay served.
 *
 * <p>Only the OTP secret ({@link KeyApplications#otpSecret}, the bytes {@code keygen-server export --as otp}
 * writes) is kept; the key itself is wiped as soon as the secret is derived.
 */
public final class KeyStoreKeySource implements KeySource {
    private static final Logger log = LoggerFactory.getLogger(KeyStoreKeySource.class);

    private record Entry(KeyInfo info, byte[] secret) {}

    private final KeyStoreReader reader;
    private final Map<String, Entry> keys = new LinkedHashMap<>();
    private long skippedReported;

    private KeyStoreKeySource(KeyStoreReader reader) {
        this.reader = reader;
    }

    /**
     * Opens the key store at {@code file} as {@code me} and reads every key in it.
     *
     * @throws NoSuchFileException if there is no such file (a typo in the path, or a keygen server that
     *     never ran): the reader itself would wait for it forever
     * @throws IOException if the file is damaged
     * @throws GeneralSecurityException if a record does not verify
     */
    public static KeyStoreKeySource open(Path file, Identity me, TrustAnchor trust)
            throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        KeyStoreKeySource source = new KeyStoreKeySource(KeyStoreReader.open(file, me, trust));
        try {
            source.refresh();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            source.close();
            throw e;
        }
        return source;
    }

    @Override
    public synchronized List<KeyInfo> keys() {
        return keys.values().stream().map(Entry::info).toList();
    }

    @Override
    public synchronized Optional<KeyInfo> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId)).map(Entry::info);
    }

    @Override
    public synchronized Optional<byte[]> otpSecret(String keyId) {
        return Optional.ofNullable(keys.get(keyId)).map(e -> e.secret().clone());
    }

    @Override
    public synchronized List<KeyInfo> refresh() throws IOException, GeneralSecurityException {
        // A record that does not verify stops the reader for good: every later refresh throws the same.
        List<KeyRecord> records = reader.poll();
        List<KeyInfo> added = new ArrayList<>();
        try {
            for (KeyRecord record : records) {
                String purpose = record.parameters().purpose();
                OtpParameters parameters;
                try {
                    // The purpose names the OTP parameters (docs/protocol.md 13.5).
                    parameters = OtpParameters.forPurpose(purpose);
                } catch (IllegalArgumentException e) {
                    // Serving it with guessed parameters would hand out codes no enrolled app agrees with.
                    log.warn("{}: key {} is not served: {}", reader.file(), record.keyId(), e.getMessage());
                    continue;
                }
                KeyInfo info = new KeyInfo(record.keyId(), purpose, record.created(), parameters);
                if (keys.containsKey(info.keyId())) {
                    // Key ids are transcript hashes: a repeat means a record was copied, not a new key.
                    log.warn("{}: key {} is stored twice; serving the first", reader.file(), info.keyId());
                    continue;
                }
                byte[] key = record.key();
                try {
                    keys.put(info.keyId(), new Entry(info, KeyApplications.otpSecret(key)));
                } finally {
                    Secrets.wipe(key);
                }
                added.add(info);
            }
        } finally {
            records.forEach(KeyRecord::wipe);
        }
        long skipped = reader.skippedRecords();
        if (skipped > skippedReported) {
            log.warn("{}: {} key record(s) are not sealed to this distributor and are skipped; the keygen server "
                    + "seals a key only to the --recipient certificates it had when it made the key",
                    reader.file(), skipped);
            skippedReported = skipped;
        }
        return added;
    }

    @Override
    public synchronized void close() throws IOException {
        for (Entry e : keys.values()) {
            Secrets.wipe(e.secret());
        }
        keys.clear();
        reader.close();
    }
}
