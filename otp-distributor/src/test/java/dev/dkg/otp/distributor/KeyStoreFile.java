package dev.dkg.otp.distributor;

import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.Secrets;
import dev.dkg.keygen.KeyParameters;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.keygen.SignerRecord;
import dev.dkg.pki.Identity;
import dev.dkg.store.RecordLog;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a key_store the way docs/storage.md and docs/protocol.md describe it (a signer record naming the
 * keygen server, then key records sealed to the server and its recipients, signed by the server), so the
 * distributor's reader is tested against the format rather than against the keygen server's writer, which
 * the system test exercises. Keys are random; {@link #append} returns each one's record for the test to
 * compare with.
 */
final class KeyStoreFile implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RecordLog log;
    private final Identity server;

    private KeyStoreFile(RecordLog log, Identity server) {
        this.log = log;
        this.server = server;
    }

    /** Creates (or reopens) the store and names {@code server} as its signer. */
    static KeyStoreFile create(Path file, Identity server) throws IOException, GeneralSecurityException {
        RecordLog log = RecordLog.open(file);
        log.append(new SignerRecord(log.storeId(), server.chain()).encode(server.privateKey()));
        return new KeyStoreFile(log, server);
    }

    /** Appends a fresh 32-byte "otp" key sealed to the server and {@code recipients}, signed by the server. */
    KeyRecord append(Identity... recipients) throws IOException, GeneralSecurityException {
        return appendSignedBy(server, recipients);
    }

    /** As {@link #append}, but the key's transcript names {@code purpose}. */
    KeyRecord appendWithPurpose(String purpose, Identity... recipients) throws IOException, GeneralSecurityException {
        return append(server, new KeyParameters(purpose, 32), recipients);
    }

    /** As {@link #append}, but the envelope is signed by {@code signer}, who need not be the named server. */
    KeyRecord appendSignedBy(Identity signer, Identity... recipients) throws IOException, GeneralSecurityException {
        return append(signer, KeyParameters.DEFAULT, recipients);
    }

    private KeyRecord append(Identity signer, KeyParameters parameters, Identity... recipients)
            throws IOException, GeneralSecurityException {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        KeyRecord record = new KeyRecord(Instant.ofEpochMilli(System.currentTimeMillis()), transcript(parameters), key);
        Secrets.wipe(key);
        List<PublicKey> to = new ArrayList<>(List.of(server.publicKey()));
        for (Identity r : recipients) {
            to.add(r.publicKey());
        }
        byte[] plaintext = record.encode();
        try {
            log.append(Envelope.seal(KeygenMessages.KEY_RECORD, log.storeId(), log.size(), signer.privateKey(),
                    signer.publicKey(), to, plaintext));
        } finally {
            Secrets.wipe(plaintext);
        }
        return record;
    }

    private RoundTranscript transcript(KeyParameters parameters) {
        byte[] roundId = random(RoundTranscript.ROUND_ID_BYTES);
        List<String> names = List.of("alice", "bob", "carol");
        List<byte[]> commitments = new ArrayList<>();
        for (String name : names) {
            commitments.add(RoundTranscript.commitment(roundId, name, random(32)));
        }
        return new RoundTranscript(roundId, random(RoundTranscript.SEED_BYTES), server.keyId().bytes(), server.name(),
                RoundTranscript.commitment(roundId, server.name(), random(32)), parameters,
                System.currentTimeMillis() + 60_000, names, commitments);
    }

    private static byte[] random(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
