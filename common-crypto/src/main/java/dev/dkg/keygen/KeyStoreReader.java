package dev.dkg.keygen;

import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.Secrets;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.store.LogRecord;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads key_store as one of its recipients (the keygen server itself or an OTP distributor it seals to),
 * following the file while the server appends: each {@link #poll()} returns the keys stored since the last.
 *
 * <p>Guarantee: a returned {@link KeyRecord} was sealed into this very store at this very position (envelope
 * session = store id, sequence = record number), signed by a keygen server whose certificate chain, named in
 * an earlier signer record, validates against the reader's CA with role keygen-server, and names that same
 * server in its transcript. Anything else stops the reader with {@link KeyStoreVerificationException}, for
 * good: every later poll throws the same, so no key after a bad record is ever served as if nothing happened.
 * Records sealed to other recipients only are skipped (counted by {@link #skippedRecords()}) once their
 * signature verifies, not errors: a distributor added later cannot read keys made before it was named.
 *
 * <p>Threshold key records (section 15, public, sealed to the server alone) are collected by
 * {@link #thresholdKeys()} rather than returned by {@link #poll()}.
 *
 * <p>A signer's certificate is checked as of the moment it became valid, not today: records it signed stay
 * readable after it expires or is replaced by a renewed one (the server writes a new signer record then).
 */
public final class KeyStoreReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyStoreReader.class);

    private final KeyStoreRecords tail;
    private final Identity me;
    private final TrustAnchor trust;
    private PeerIdentity signer;
    private long skipped;
    private final List<ThresholdKeyRecord> thresholdKeys = new ArrayList<>();
    private KeyStoreVerificationException failure;
    /** Key id to the number of recipients its record is sealed to (the keygen server included). */
    private final Map<String, Integer> recipientCounts = new HashMap<>();

    private KeyStoreReader(KeyStoreRecords tail, Identity me, TrustAnchor trust) {
        this.tail = tail;
        this.me = me;
        this.trust = trust;
    }

    /** Starts following {@code keyStore} from its first record; a file that does not exist yet is empty. */
    public static KeyStoreReader open(Path keyStore, Identity me, TrustAnchor trust) throws IOException {
        return open(KeyStoreRecords.of(keyStore), me, trust);
    }

    /** Starts following {@code records} (a key_store file or its database copy) from its first record. */
    public static KeyStoreReader open(KeyStoreRecords records, Identity me, TrustAnchor trust) {
        return new KeyStoreReader(records, me, trust);
    }

    /** Every key in {@code keyStore} readable by {@code me}, in store order. */
    public static List<KeyRecord> readAll(Path keyStore, Identity me, TrustAnchor trust)
            throws IOException, KeyStoreVerificationException {
        try (KeyStoreReader reader = open(keyStore, me, trust)) {
            return reader.poll();
        }
    }

    /** The keys completed since the last poll (all of them on the first), verified and decrypted. */
    public synchronized List<KeyRecord> poll() throws IOException, KeyStoreVerificationException {
        if (failure != null) {
            throw failure;
        }
        List<KeyRecord> keys = new ArrayList<>();
        try {
            for (LogRecord record : tail.poll()) {
                byte[] storeId = tail.storeId().orElseThrow();
                byte[] payload = record.payload();
                if (SignerRecord.isSignerRecord(payload)) {
                    signer = verifySigner(payload, storeId, record.number());
                    continue;
                }
                KeyRecord key = openKeyRecord(payload, storeId, record.number());
                if (key != null) {
                    keys.add(key);
                }
            }
        } catch (KeyStoreVerificationException e) {
            keys.forEach(KeyRecord::wipe);
            failure = e;
            throw e;
        }
        return keys;
    }

    /** Every threshold key's public record (section 15) read so far, in store order. */
    public synchronized List<ThresholdKeyRecord> thresholdKeys() {
        return List.copyOf(thresholdKeys);
    }

    /** Every threshold key record in {@code keyStore} readable by {@code me}, in store order. */
    public static List<ThresholdKeyRecord> readAllThreshold(Path keyStore, Identity me, TrustAnchor trust)
            throws IOException, KeyStoreVerificationException {
        try (KeyStoreReader reader = open(keyStore, me, trust)) {
            reader.poll().forEach(KeyRecord::wipe);
            return reader.thresholdKeys();
        }
    }

    /** The keygen server named by the latest signer record read so far, if any. */
    public synchronized PeerIdentity signer() {
        return signer;
    }

    /** Key records skipped because they were not sealed to this reader. */
    public synchronized long skippedRecords() {
        return skipped;
    }

    private PeerIdentity verifySigner(byte[] payload, byte[] storeId, long number) throws KeyStoreVerificationException {
        try {
            SignerRecord record = SignerRecord.decodeAndVerify(payload, storeId);
            Instant issued = record.chain().get(0).getNotBefore().toInstant();
            PeerIdentity peer = trust.validate(record.chain(), issued, Set.of(Role.KEYGEN_SERVER));
            log.debug("{}: record {} names signer {} ({})", tail.name(), number, peer.name(), peer.keyId().fingerprint());
            return peer;
        } catch (WireFormatException | SignatureException | CertificateException e) {
            throw new KeyStoreVerificationException(tail.name() + ": record " + number
                    + " names an untrusted signer: " + e.getMessage(), e);
        }
    }

    private KeyRecord openKeyRecord(byte[] payload, byte[] storeId, long number) throws KeyStoreVerificationException {
        if (signer == null) {
            throw new KeyStoreVerificationException(tail.name() + ": record " + number
                    + " comes before any signer record");
        }
        Envelope.Expect expect = Envelope.Expect.of(storeId, number)
                .withKinds(Set.of(KeygenMessages.KEY_RECORD, ThresholdMessages.KEY_RECORD));
        int recipientCount;
        try {
            // Verified even when not ours: an edited recipient list must not make a record silently vanish.
            List<dev.dkg.crypto.KeyId> recipients = Envelope.verify(payload, expect, signer.publicKey());
            recipientCount = recipients.size();
            if (!recipients.contains(me.keyId())) {
                skipped++;
                log.debug("{}: record {} is not sealed to {}; skipped", tail.name(), number, me.name());
                return null;
            }
        } catch (EnvelopeException e) {
            throw new KeyStoreVerificationException(tail.name() + ": record " + number + " does not verify: "
                    + e.getMessage(), e);
        }
        Envelope.Opened opened;
        try {
            opened = Envelope.open(payload, expect, me.privateKey(), me.publicKey(), signer.publicKey());
        } catch (EnvelopeException e) {
            throw new KeyStoreVerificationException(tail.name() + ": record " + number + " does not verify: "
                    + e.getMessage(), e);
        }
        byte[] plaintext = opened.plaintext();
        if (opened.kind() == ThresholdMessages.KEY_RECORD) {
            try {
                ThresholdKeyRecord threshold = ThresholdKeyRecord.decode(plaintext);
                if (!MessageDigest.isEqual(threshold.transcript().serverKeyId(), signer.keyId().bytes())) {
                    throw new KeyStoreVerificationException(tail.name() + ": record " + number
                            + " was signed by one server but names another in its transcript");
                }
                thresholdKeys.add(threshold);
                return null;
            } catch (WireFormatException e) {
                throw new KeyStoreVerificationException(tail.name() + ": record " + number
                        + " holds a malformed threshold key: " + e.getMessage(), e);
            }
        }
        try {
            KeyRecord key = KeyRecord.decode(plaintext);
            if (!MessageDigest.isEqual(key.transcript().serverKeyId(), signer.keyId().bytes())) {
                key.wipe();
                throw new KeyStoreVerificationException(tail.name() + ": record " + number
                        + " was signed by one server but names another in its transcript");
            }
            recipientCounts.put(key.keyId(), recipientCount);
            return key;
        } catch (WireFormatException e) {
            throw new KeyStoreVerificationException(tail.name() + ": record " + number + " holds a malformed key: "
                    + e.getMessage(), e);
        } finally {
            Secrets.wipe(plaintext);
        }
    }

    /** Where the records come from: the key_store path, or the database and store id. */
    public String name() {
        return tail.name();
    }

    /**
     * How many recipients the record of key {@code keyId} (returned by a poll) is sealed to, the keygen
     * server included: 2 for a key sealed to one distributor, more when several distributors derive it.
     */
    public synchronized int recipientCount(String keyId) {
        return recipientCounts.getOrDefault(keyId, 0);
    }

    @Override
    public void close() throws IOException {
        tail.close();
    }
}
