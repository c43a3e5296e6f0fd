package dev.dkg.keygen.server;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdPrefix;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.keygen.KeyStoreVerificationException;
import dev.dkg.keygen.ThresholdKeyRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Reads the server's own key_store for {@code list} and {@code export}, as the server (a recipient of every
 * record), without taking the writer's lock, so both work while the server runs.
 */
final class StoredKeys {
    private StoredKeys() {}

    /** The keys readable by this server, and how many records it could not read because they were not sealed to it. */
    record Listing(List<KeyRecord> keys, long skipped) {}

    static Listing read(ServerCredentials credentials) throws IOException {
        credentials.checkArguments();
        if (!Files.exists(credentials.keyStore())) {
            throw new CliException(ExitCode.IO, "no key store at " + credentials.keyStore(),
                    "give the server's --data-dir");
        }
        try (KeyStoreReader reader = KeyStoreReader.open(credentials.keyStore(), credentials.identity(),
                credentials.trust())) {
            return new Listing(reader.poll(), reader.skippedRecords());
        } catch (KeyStoreVerificationException e) {
            throw new CliException(ExitCode.VERIFICATION, e.getMessage(), "the key store was changed or is another server's");
        }
    }

    /** The threshold keys' public records (section 15) in the server's key_store. */
    static List<ThresholdKeyRecord> readThreshold(ServerCredentials credentials) throws IOException {
        credentials.checkArguments();
        if (!Files.exists(credentials.keyStore())) {
            throw new CliException(ExitCode.IO, "no key store at " + credentials.keyStore(),
                    "give the server's --data-dir");
        }
        try {
            return KeyStoreReader.readAllThreshold(credentials.keyStore(), credentials.identity(), credentials.trust());
        } catch (KeyStoreVerificationException e) {
            throw new CliException(ExitCode.VERIFICATION, e.getMessage(), "the key store was changed or is another server's");
        }
    }

    /** The threshold key whose id is {@code id} or starts with it, or null if none (ordinary keys are not searched). */
    static ThresholdKeyRecord findThreshold(List<ThresholdKeyRecord> keys, String id) {
        String wanted = id.toLowerCase(java.util.Locale.ROOT);
        List<ThresholdKeyRecord> matches = keys.stream().filter(k -> k.keyId().startsWith(wanted)).toList();
        if (matches.size() > 1) {
            throw new CliException(ExitCode.USAGE, "key id prefix " + id + " matches " + matches.size() + " keys",
                    "give more digits");
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    /** The one key whose id is {@code id} or starts with it (at least 8 hex digits); see {@link IdPrefix}. */
    static KeyRecord find(List<KeyRecord> keys, String id) {
        return IdPrefix.resolve(id, keys, KeyRecord::keyId, "key", "keygen-server list");
    }
}
