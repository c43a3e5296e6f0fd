package dev.dkg.keygen.server;

import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.keygen.KeyStoreVerificationException;
import dev.dkg.keygen.ThresholdKeyRecord;
import dev.dkg.pki.Identity;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threshold keys of the server's key_store, for the Coordinator: read once, then followed as the store
 * grows (a key made while the server runs can be signed with at once). Only public records are kept; the
 * symmetric keys the reader also opens are wiped on the spot.
 */
final class StoredSigningKeys implements SigningKeys, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoredSigningKeys.class);

    private final KeyStoreReader reader;
    private final Map<String, SigningKey> keys = new HashMap<>();
    private int seen;

    private StoredSigningKeys(KeyStoreReader reader) {
        this.reader = reader;
    }

    static StoredSigningKeys open(Path keyStore, Identity server, TrustAnchor trust) throws IOException {
        return new StoredSigningKeys(KeyStoreReader.open(keyStore, server, trust));
    }

    @Override
    public synchronized Optional<SigningKey> find(String keyIdHex) {
        SigningKey key = keys.get(keyIdHex);
        if (key == null) {
            refresh();
            key = keys.get(keyIdHex);
        }
        return Optional.ofNullable(key);
    }

    private void refresh() {
        try {
            reader.poll().forEach(KeyRecord::wipe);
            var all = reader.thresholdKeys();
            for (ThresholdKeyRecord record : all.subList(seen, all.size())) {
                SigningKey key = SigningKey.of(record);
                keys.put(key.keyIdHex(), key);
            }
            seen = all.size();
        } catch (IOException | KeyStoreVerificationException e) {
            log.error("cannot read threshold keys from the key store: {}", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
