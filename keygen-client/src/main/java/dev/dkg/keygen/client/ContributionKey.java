package dev.dkg.keygen.client;

import dev.dkg.crypto.Sha256;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.CryptoProvider;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.crypto.Secrets;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.pki.Identity;
import dev.dkg.wire.WireWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keygen client's own keyed contribution function: the per-client secret k_i, made on first run and kept
 * in the client's data directory sealed to the client's own key, and
 * {@code c_i = HMAC-SHA-256(k_i, "dkg contribution v1" | round-id | seed | fresh 32B | phrase-hash 32B)}.
 *
 * <p>Guarantees: k_i is 32 bytes from SecureRandom, never on disk unencrypted (an envelope to the client
 * itself, in a new owner-only file that is never overwritten), never logged. Even a client whose random
 * generator failed contributes a value unknown to others as long as k_i is secret; and a fresh value per
 * round means a compromised k_i alone does not reveal future contributions.
 */
public final class ContributionKey implements AutoCloseable {
    public static final String FILE_NAME = "contribution-key.sealed";
    public static final int KEY_BYTES = 32;
    private static final byte[] CONTRIBUTION_LABEL = "dkg contribution v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PHRASE_LABEL = "dkg phrase v1".getBytes(StandardCharsets.US_ASCII);
    /** The envelope's session id for the sealed file: fixed, so the file can only be this kind of file. */
    private static final byte[] SESSION = Arrays.copyOf(Sha256.of("dkg contribution key file v1"
            .getBytes(StandardCharsets.US_ASCII)), Envelope.SESSION_ID_BYTES);
    /** Phrase hash used when the user typed no phrase. */
    public static final byte[] NO_PHRASE = new byte[32];

    private final byte[] key;

    private ContributionKey(byte[] key) {
        this.key = key;
    }

    /** A key held in memory only, for in-process clients (tests, the benchmark). */
    public static ContributionKey generate(SecureRandom random) {
        byte[] k = new byte[KEY_BYTES];
        random.nextBytes(k);
        return new ContributionKey(k);
    }

    /** Reads the sealed key from {@code dataDir}, or makes one and seals it there on first run. */
    public static ContributionKey loadOrCreate(Path dataDir, Identity me) throws IOException, GeneralSecurityException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return load(file, me);
        }
        SecretFiles.createPrivateDirectories(dataDir);
        ContributionKey created = generate(new SecureRandom());
        byte[] sealed = Envelope.seal(KeygenMessages.CONTRIBUTION_KEY, SESSION, 0, me.privateKey(), me.publicKey(),
                List.of(me.publicKey()), created.key);
        SecretFiles.writeNew(file, sealed);
        return created;
    }

    private static ContributionKey load(Path file, Identity me) throws IOException, GeneralSecurityException {
        byte[] sealed = Files.readAllBytes(file);
        try {
            Envelope.Opened opened = Envelope.open(sealed,
                    Envelope.Expect.of(SESSION, 0).withKinds(Set.of(KeygenMessages.CONTRIBUTION_KEY)),
                    me.privateKey(), me.publicKey(), me.publicKey());
            if (opened.plaintext().length != KEY_BYTES) {
                Secrets.wipe(opened.plaintext());
                throw new EnvelopeException("sealed contribution key has the wrong length");
            }
            return new ContributionKey(opened.plaintext());
        } catch (EnvelopeException e) {
            throw new EnvelopeException(file + " cannot be opened with this identity (" + e.getMessage()
                    + "); it was sealed to another key");
        }
    }

    /** H("dkg phrase v1" | UTF-8 of the phrase); {@link #NO_PHRASE} stands for no phrase. */
    public static byte[] phraseHash(char[] phrase) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(phrase));
        byte[] utf8 = new byte[encoded.remaining()];
        encoded.get(utf8);
        try {
            return Sha256.of(PHRASE_LABEL, utf8);
        } finally {
            Secrets.wipe(utf8);
            Secrets.wipe(encoded.array());
        }
    }

    /** This client's contribution for a round; the result is secret until revealed, for the caller to wipe. */
    public byte[] contribute(byte[] roundId, byte[] seed, byte[] fresh, byte[] phraseHash) {
        if (roundId.length != RoundTranscript.ROUND_ID_BYTES || seed.length != RoundTranscript.SEED_BYTES
                || fresh.length != 32 || phraseHash.length != 32) {
            throw new IllegalArgumentException("round id 16, seed 32, fresh 32 and phrase hash 32 bytes expected");
        }
        WireWriter input = new WireWriter(160).bytes(CONTRIBUTION_LABEL).bytes(roundId).bytes(seed).bytes(fresh)
                .bytes(phraseHash);
        byte[] message = input.toByteArray();
        input.wipe();
        try {
            Mac mac = CryptoProvider.active().mac(Algorithms.HMAC_SHA256);
            mac.init(new SecretKeySpec(key, Algorithms.HMAC_SHA256));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        } finally {
            Secrets.wipe(message);
        }
    }

    /** Wipes the key from memory. */
    @Override
    public void close() {
        Secrets.wipe(key);
    }

    @Override
    public String toString() {
        return "ContributionKey[secret]";
    }

}
