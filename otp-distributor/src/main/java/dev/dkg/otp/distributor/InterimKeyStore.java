package dev.dkg.otp.distributor;

import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.Secrets;
import dev.dkg.otp.Hotp;
import dev.dkg.otp.OtpAlgorithm;
import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.protocol.KeyIds;
import dev.dkg.otp.protocol.OtpKinds;
import dev.dkg.pki.Identity;
import dev.dkg.store.LogRecord;
import dev.dkg.store.RecordLog;
import dev.dkg.store.RecordLogTail;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stand-in key store until the keygen server's key_store reader is wired in: a record log whose records
 * each hold one key's OTP secret, sealed by the distributor to itself. It lets the distributor, its system
 * test and its benchmark run end to end now; the keygen adapter replaces it behind {@link KeySource}.
 *
 * <p>Record: an {@link Envelope} of kind 0x02F0, session id = store id, sequence = record number, sender
 * and only recipient the distributor, around
 * {@code key-id string | purpose string | created u64 (ms) | algorithm u8 | digits u8 | step-seconds u32
 * | secret bytes32 (16..64)}. The log is tailed, so keys appended while the distributor runs are picked up.
 */
public final class InterimKeyStore implements KeySource {
    private static final Set<Integer> KINDS = Set.of(OtpKinds.INTERIM_KEY_RECORD);
    private static final int MAX_SECRET_BYTES = 64;

    private record Entry(KeyInfo info, byte[] secret) {}

    private final RecordLogTail tail;
    private final Identity me;
    private final Map<String, Entry> keys = new LinkedHashMap<>();

    private InterimKeyStore(RecordLogTail tail, Identity me) {
        this.tail = tail;
        this.me = me;
    }

    /**
     * Opens the store at {@code file} and reads every key in it.
     *
     * @throws NoSuchFileException if there is no such file
     * @throws IOException if the file is damaged or a record does not open with {@code me}'s key
     */
    public static InterimKeyStore open(Path file, Identity me) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        RecordLogTail tail = RecordLogTail.open(file);
        InterimKeyStore store = new InterimKeyStore(tail, me);
        try {
            store.refresh();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Appends one key to the store at {@code file} (created if missing), sealed to {@code me}. */
    public static void append(Path file, Identity me, KeyInfo info, byte[] secret) throws IOException {
        if (secret.length < Hotp.MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("OTP secret must be 16 to 64 bytes");
        }
        if (Files.exists(file)) {
            try (InterimKeyStore existing = open(file, me)) {
                if (existing.find(info.keyId()).isPresent()) {
                    throw new IllegalArgumentException("the key store already has a key " + info.keyId());
                }
            }
        }
        WireWriter w = new WireWriter(128 + secret.length);
        try (RecordLog records = RecordLog.open(file)) {
            w.string(info.keyId()).string(info.purpose()).u64(info.created().toEpochMilli())
                    .u8(info.parameters().algorithm().ordinal() + 1).u8(info.parameters().digits())
                    .u32(info.parameters().stepSeconds()).varBytes(secret);
            byte[] plaintext = w.toByteArray();
            try {
                records.append(Envelope.seal(OtpKinds.INTERIM_KEY_RECORD, records.storeId(), records.size(),
                        me.privateKey(), me.publicKey(), List.of(me.publicKey()), plaintext));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot seal a key record: " + e.getMessage(), e);
            } finally {
                Secrets.wipe(plaintext);
            }
        } finally {
            w.wipe();
        }
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
    public synchronized List<KeyInfo> refresh() throws IOException {
        List<KeyInfo> added = new ArrayList<>();
        List<LogRecord> records = tail.poll();
        byte[] storeId = tail.storeId().orElseThrow();
        for (LogRecord record : records) {
            Entry entry = decode(record, storeId);
            if (keys.putIfAbsent(entry.info().keyId(), entry) != null) {
                Secrets.wipe(entry.secret());
                throw new IOException(tail.file() + ": record " + record.number() + " repeats key id "
                        + entry.info().keyId());
            }
            added.add(entry.info());
        }
        return added;
    }

    private Entry decode(LogRecord record, byte[] storeId) throws IOException {
        byte[] plaintext;
        try {
            plaintext = Envelope.open(record.payload(), Envelope.Expect.of(storeId, record.number()).withKinds(KINDS),
                    me.privateKey(), me.publicKey(), me.publicKey()).plaintext();
        } catch (EnvelopeException e) {
            throw new IOException(tail.file() + ": key record " + record.number()
                    + " does not open with this distributor's key (" + e.getMessage() + ")");
        }
        try {
            WireReader r = new WireReader(plaintext);
            String keyId = r.string(KeyIds.MAX_LENGTH, "key id");
            String purpose = r.string(64, "purpose");
            long created = r.u64("created");
            int algorithm = r.u8("algorithm");
            int digits = r.u8("digits");
            long step = r.u32("step seconds");
            if (algorithm < 1 || algorithm > OtpAlgorithm.values().length || created < 0) {
                throw new IllegalArgumentException("a field is out of range");
            }
            // Checked before the secret is read, so a bad field never leaves a secret copy unwiped.
            KeyInfo info = new KeyInfo(keyId, purpose, Instant.ofEpochMilli(created),
                    new OtpParameters(OtpAlgorithm.values()[algorithm - 1], digits, Duration.ofSeconds(step)));
            byte[] secret = r.varBytes(MAX_SECRET_BYTES, "secret");
            if (secret.length < Hotp.MIN_SECRET_BYTES || r.remaining() != 0) {
                Secrets.wipe(secret);
                throw new IllegalArgumentException("secret shorter than 16 bytes, or trailing bytes");
            }
            return new Entry(info, secret);
        } catch (WireFormatException | IllegalArgumentException e) {
            throw new IOException(tail.file() + ": key record " + record.number() + " is malformed: " + e.getMessage());
        } finally {
            Secrets.wipe(plaintext);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        for (Entry e : keys.values()) {
            Secrets.wipe(e.secret());
        }
        keys.clear();
        tail.close();
    }
}
