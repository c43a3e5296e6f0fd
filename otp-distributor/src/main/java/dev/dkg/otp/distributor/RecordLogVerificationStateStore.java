package dev.dkg.otp.distributor;

import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.otp.protocol.KeyIds;
import dev.dkg.otp.protocol.OtpKinds;
import dev.dkg.pki.Identity;
import dev.dkg.store.LogRecord;
import dev.dkg.store.RecordLog;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every key's {@link VerificationState} in the distributor's own crash-safe {@link RecordLog}: each
 * save appends one record, forced to disk before {@code save} returns; on open the log is replayed and the
 * last record per key wins.
 *
 * <p>Each record is an {@link Envelope} sealed by the distributor to itself, with session id = the log's
 * store id and sequence = the record number, around {@code key-id string | state (37 bytes)}. Lock-out
 * and counters decide whether a code is accepted, so the file must not be editable: a record changed,
 * moved to another position or copied from another log fails to open, and start-up stops rather than
 * run on state it cannot trust. Deleting the whole log or cutting records off its end is not detected
 * (see docs/threat-model.md).
 *
 * <p>Only the last record per key matters, so once the log holds more than {@link #COMPACT_FACTOR} times as
 * many records as keys (and at least {@code compactAt}), it is rewritten with one record per key under a new
 * store id ({@link RecordLog#rewrite}, atomic): replaying the log at start-up costs one private-key operation
 * per record, and this keeps that proportional to the number of keys rather than to the verifications ever
 * made.
 */
public final class RecordLogVerificationStateStore implements VerificationStateStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordLogVerificationStateStore.class);
    private static final Set<Integer> KINDS = Set.of(OtpKinds.STATE_RECORD);
    /** A log is compacted when it holds more than this many records per key. */
    static final int COMPACT_FACTOR = 4;
    /** ... and at least this many records, so that small logs are left alone. */
    static final long DEFAULT_COMPACT_AT = 4096;

    private final RecordLog records;
    private final Identity me;
    private final long compactAt;
    private final SecureRandom random = new SecureRandom();
    private byte[] storeId;
    /** Insertion-ordered, so a compacted log lists keys in the order they were first saved. */
    private final Map<String, VerificationState> states = new LinkedHashMap<>();

    private RecordLogVerificationStateStore(RecordLog records, Identity me, long compactAt) {
        this.records = records;
        this.me = me;
        this.compactAt = compactAt;
        this.storeId = records.storeId();
    }

    /**
     * Opens (creating if needed) the state log at {@code file} and replays it.
     *
     * @throws IOException if the log is locked or damaged, or a record was not sealed by {@code me} for
     *     this log and position
     */
    public static RecordLogVerificationStateStore open(Path file, Identity me) throws IOException {
        return open(file, me, DEFAULT_COMPACT_AT);
    }

    /** As {@link #open(Path, Identity)}, compacting from {@code compactAt} records on (tests use small values). */
    static RecordLogVerificationStateStore open(Path file, Identity me, long compactAt) throws IOException {
        RecordLog records = RecordLog.open(file);
        RecordLogVerificationStateStore store = new RecordLogVerificationStateStore(records, me, compactAt);
        try {
            store.replay();
            store.compactIfWorthIt();
        } catch (IOException | RuntimeException e) {
            records.close();
            throw e;
        }
        return store;
    }

    private void replay() throws IOException {
        List<LogRecord> all = records.readAll();
        for (LogRecord record : all) {
            byte[] plaintext;
            try {
                plaintext = Envelope.open(record.payload(), Envelope.Expect.of(storeId, record.number()).withKinds(KINDS),
                        me.privateKey(), me.publicKey(), me.publicKey()).plaintext();
            } catch (EnvelopeException e) {
                throw new IOException(records.file() + ": state record " + record.number()
                        + " does not open with this distributor's key (" + e.getMessage()
                        + "); was the file edited, or the identity changed?");
            }
            try {
                WireReader r = new WireReader(plaintext);
                String keyId = r.string(KeyIds.MAX_LENGTH, "key id");
                VerificationState state = VerificationState.decode(r.bytes(r.remaining(), "state"));
                r.finish();
                states.put(keyId, state);
            } catch (WireFormatException | IllegalArgumentException e) {
                throw new IOException(records.file() + ": state record " + record.number() + " is malformed: "
                        + e.getMessage());
            }
        }
        log.debug("{}: replayed {} state records for {} keys", records.file(), all.size(), states.size());
    }

    @Override
    public synchronized VerificationState load(String keyId) {
        return states.getOrDefault(keyId, VerificationState.INITIAL);
    }

    @Override
    public synchronized void save(String keyId, VerificationState state) throws IOException {
        // The number the append will get: appends are serialised here, so nothing can take it first.
        records.append(seal(storeId, records.size(), keyId, state));
        states.put(keyId, state);
        try {
            compactIfWorthIt();
        } catch (IOException e) {
            // The state just saved is durable; a failed rewrite left the old log whole, so serving goes on.
            log.warn("{}: could not compact the state log (it keeps growing until this succeeds): {}",
                    records.file(), e.getMessage());
        }
    }

    private byte[] seal(byte[] logId, long number, String keyId, VerificationState state) throws IOException {
        byte[] plaintext = new WireWriter(64).string(KeyIds.check(keyId)).bytes(state.encode()).toByteArray();
        try {
            return Envelope.seal(OtpKinds.STATE_RECORD, logId, number, me.privateKey(), me.publicKey(),
                    List.of(me.publicKey()), plaintext);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal a state record: " + e.getMessage(), e);
        }
    }

    private void compactIfWorthIt() throws IOException {
        if (records.size() < compactAt || records.size() <= (long) COMPACT_FACTOR * states.size()) {
            return;
        }
        records.rewrite(newLogId -> {
            List<byte[]> payloads = new ArrayList<>(states.size());
            for (Map.Entry<String, VerificationState> e : states.entrySet()) {
                payloads.add(seal(newLogId, payloads.size(), e.getKey(), e.getValue()));
            }
            return payloads;
        }, random);
        storeId = records.storeId();
    }

    /** Number of records in the log (for tests and the ready line). */
    public synchronized long recordCount() {
        return records.size();
    }

    @Override
    public synchronized void close() throws IOException {
        records.close();
    }
}
