package dev.dkg.keygen.server;

import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.Secrets;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.SignerRecord;
import dev.dkg.keygen.ThresholdKeyRecord;
import dev.dkg.keygen.ThresholdMessages;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.store.LogRecord;
import dev.dkg.store.RecordLog;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keygen server's side of key_store: the single writer of the record log. Names the server in a signer
 * record (its certificate chain) whenever the chain differs from the last one named, then seals every key
 * record to the server itself and each recipient, signed by the server, with session id = store id and
 * sequence = record number.
 *
 * <p>Guarantee: {@link #store} returns only once the record is on disk (appended and forced), and, with a
 * {@link DatabaseKeyCopy}, committed to the shared database too, so a caller that tells anyone about a key only
 * after {@code store} returns never acknowledges a key a crash can lose or a distributor on the database lacks.
 */
final class KeyStoreWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyStoreWriter.class);

    private final RecordLog recordLog;
    private final Identity server;
    private final List<PublicKey> recipients;
    private final DatabaseKeyCopy copy;
    private long keyCount;

    private KeyStoreWriter(RecordLog recordLog, Identity server, List<PublicKey> recipients, DatabaseKeyCopy copy,
                           long keyCount) {
        this.recordLog = recordLog;
        this.server = server;
        this.recipients = recipients;
        this.copy = copy;
        this.keyCount = keyCount;
    }

    /**
     * Opens (or creates) the store at {@code file}. {@code distributors} are the extra recipients of every new
     * record; together with the server at most {@link Envelope#MAX_RECIPIENTS}.
     */
    static KeyStoreWriter open(Path file, Identity server, List<PeerIdentity> distributors)
            throws IOException, GeneralSecurityException {
        return open(file, server, distributors, null);
    }

    /**
     * As {@link #open(Path, Identity, List)}, also keeping {@code copy} (the shared database, or null) up to date:
     * what the database lacks of the file is copied now, and each new record right after its append.
     */
    static KeyStoreWriter open(Path file, Identity server, List<PeerIdentity> distributors, DatabaseKeyCopy copy)
            throws IOException, GeneralSecurityException {
        if (distributors.size() + 1 > Envelope.MAX_RECIPIENTS) {
            throw new IllegalArgumentException("at most " + (Envelope.MAX_RECIPIENTS - 1) + " recipients");
        }
        List<PublicKey> recipients = new ArrayList<>();
        recipients.add(server.publicKey());
        for (PeerIdentity d : distributors) {
            if (d.keyId().equals(server.keyId())) {
                continue;
            }
            if (recipients.stream().noneMatch(r -> r.equals(d.publicKey()))) {
                recipients.add(d.publicKey());
            }
        }
        RecordLog recordLog = RecordLog.open(file);
        try {
            SignerRecord lastSigner = null;
            long keys = 0;
            for (LogRecord r : recordLog.readAll()) {
                byte[] payload = r.payload();
                if (SignerRecord.isSignerRecord(payload)) {
                    try {
                        lastSigner = SignerRecord.decodeAndVerify(payload, recordLog.storeId());
                    } catch (IOException | GeneralSecurityException e) {
                        // Acknowledged data that no longer verifies: refuse, as the log does for a bad CRC.
                        throw new IOException(file + ": record " + r.number() + " is not a valid signer record: "
                                + e.getMessage(), e);
                    }
                } else {
                    keys++;
                }
            }
            KeyStoreWriter writer = new KeyStoreWriter(recordLog, server, List.copyOf(recipients), copy, keys);
            if (lastSigner == null || !lastSigner.names(server.chain())) {
                long n = recordLog.append(new SignerRecord(recordLog.storeId(), server.chain()).encode(server.privateKey()));
                log.info("{}: record {} names this server ({}) as the signer", file, n, server.keyId().fingerprint());
            }
            if (copy != null) {
                long copied = copy.catchUp(recordLog);
                if (copied > 0) {
                    log.info("{}: copied {} record(s) to the database", file, copied);
                }
            }
            return writer;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            recordLog.close();
            throw e;
        }
    }

    /** Seals {@code record} and appends it durably; returns its record number. */
    synchronized long store(KeyRecord record) throws IOException, GeneralSecurityException {
        long sequence = recordLog.size();
        byte[] plaintext = record.encode();
        byte[] sealed;
        try {
            sealed = Envelope.seal(KeygenMessages.KEY_RECORD, recordLog.storeId(), sequence, server.privateKey(),
                    server.publicKey(), recipients, plaintext);
        } finally {
            Secrets.wipe(plaintext);
        }
        long number = recordLog.append(sealed);
        if (number != sequence) {
            // Only this writer appends, under this lock; a mismatch would make the record unreadable.
            throw new IllegalStateException(recordLog.file() + ": record sealed as " + sequence
                    + " was stored as " + number);
        }
        keyCount++;
        if (copy != null) {
            // In the file now; a failure here fails the round, and the next store or start copies the record.
            copy.catchUp(recordLog);
        }
        return number;
    }

    /**
     * Seals a threshold key's public record (kind 0x01F2) to the server alone and appends it durably; returns
     * its record number. It holds no secret; distributors have no use for it and skip it.
     */
    synchronized long store(ThresholdKeyRecord record) throws IOException, GeneralSecurityException {
        long sequence = recordLog.size();
        byte[] sealed = Envelope.seal(ThresholdMessages.KEY_RECORD, recordLog.storeId(), sequence, server.privateKey(),
                server.publicKey(), List.of(server.publicKey()), record.encode());
        long number = recordLog.append(sealed);
        if (number != sequence) {
            throw new IllegalStateException(recordLog.file() + ": record sealed as " + sequence
                    + " was stored as " + number);
        }
        keyCount++;
        return number;
    }

    /** Keys stored, including those found on open. */
    synchronized long keyCount() {
        return keyCount;
    }

    Path file() {
        return recordLog.file();
    }

    /** How many recipients (the server included) each new record is sealed to. */
    int recipientCount() {
        return recipients.size();
    }

    @Override
    public void close() throws IOException {
        recordLog.close();
    }
}
