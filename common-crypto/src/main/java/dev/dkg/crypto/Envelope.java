package dev.dkg.crypto;

import dev.dkg.wire.MessageKinds;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Seals and opens the suite's envelope (docs/protocol.md, "Sealed envelope"): a header naming version,
 * kind, session, sequence, sender and recipients; a fresh AES-256 key wrapped with RSA-OAEP to each
 * recipient; the payload under AES-256-GCM with the header as associated data; an RSA-PSS signature by the
 * sender over everything before it.
 *
 * <p>Guarantee: {@link #open} returns a plaintext only if the envelope is canonical, is for the expected
 * session and exact sequence number, names the caller among its recipients, was signed by the given sender
 * key, and decrypts. Sender id under the AEAD stops signature stripping, recipient ids under the signature
 * stop forwarding, session id and sequence stop replay, reordering and reflection. Checks run in the order
 * cheapest-first: parse, header fields, signature (public-key op), unwrap (private-key op), decrypt.
 */
public final class Envelope {
    public static final int VERSION = 1;
    public static final int SESSION_ID_BYTES = 16;
    public static final int MAX_RECIPIENTS = 16;
    /** Upper bound on a wrapped key or signature: the modulus of a 4096-bit key is 512 bytes. */
    static final int MAX_RSA_BYTES = 512;
    static final int MIN_BODY_LENGTH = Algorithms.GCM_NONCE_BYTES + AesGcm.TAG_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Envelope() {}

    /** What the receiver expects: session, the exact next sequence number, and optionally the allowed kinds. */
    public record Expect(byte[] sessionId, long sequence, Set<Integer> allowedKinds) {
        public Expect {
            if (sessionId.length != SESSION_ID_BYTES) {
                throw new IllegalArgumentException("session id must be 16 bytes");
            }
            if (sequence < 0) {
                throw new IllegalArgumentException("sequence must not be negative");
            }
            sessionId = sessionId.clone();
            allowedKinds = allowedKinds == null ? null : Set.copyOf(allowedKinds);
        }

        /** Any kind, this session, exactly this sequence number. */
        public static Expect of(byte[] sessionId, long sequence) {
            return new Expect(sessionId, sequence, null);
        }

        public Expect withKinds(Set<Integer> kinds) {
            return new Expect(sessionId, sequence, kinds);
        }
    }

    /** A verified, decrypted envelope. The plaintext belongs to the caller to wipe. */
    public record Opened(int kind, byte[] sessionId, long sequence, KeyId senderId, byte[] plaintext) {}

    /** The parsed, still unverified fields; offsets index into the envelope bytes. */
    private record Parsed(int kind, byte[] sessionId, long sequence, byte[] senderId, List<byte[]> recipientIds,
                          List<byte[]> wrappedKeys, int headerLength, byte[] nonce, int ciphertextOffset,
                          int ciphertextLength, int signedLength, byte[] signature) {}

    public static byte[] seal(int kind, byte[] sessionId, long sequence, PrivateKey senderKey, PublicKey senderPublic,
                              List<PublicKey> recipients, byte[] plaintext) throws GeneralSecurityException {
        return seal(kind, sessionId, sequence, senderKey, senderPublic, recipients, plaintext, RANDOM);
    }

    /**
     * Seals {@code plaintext} to every key in {@code recipients}. Randomness is drawn from {@code random} in
     * this order: AES key (32), nonce (12), one OAEP seed per recipient, PSS salt; a fixed source therefore
     * reproduces the test vectors in docs/protocol.md.
     */
    public static byte[] seal(int kind, byte[] sessionId, long sequence, PrivateKey senderKey, PublicKey senderPublic,
                              List<PublicKey> recipients, byte[] plaintext, SecureRandom random)
            throws GeneralSecurityException {
        if (!MessageKinds.isValid(kind)) {
            throw new IllegalArgumentException("message kind must be 1..65535, not " + kind);
        }
        if (sessionId.length != SESSION_ID_BYTES) {
            throw new IllegalArgumentException("session id must be 16 bytes");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("an envelope has 1.." + MAX_RECIPIENTS + " recipients, not "
                    + recipients.size());
        }
        Set<KeyId> distinct = new HashSet<>();
        WireWriter header = new WireWriter(128 + 32 * recipients.size())
                .u8(VERSION).u16(kind).bytes(sessionId).u64(sequence)
                .bytes(KeyId.of(senderPublic).bytes())
                .count8(recipients.size());
        for (PublicKey r : recipients) {
            KeyId id = KeyId.of(r);
            if (!distinct.add(id)) {
                throw new IllegalArgumentException("recipient listed twice: " + id.fingerprint());
            }
            header.bytes(id.bytes());
        }
        byte[] headerBytes = header.toByteArray();

        byte[] contentKey = new byte[Algorithms.AES_KEY_BYTES];
        try {
            random.nextBytes(contentKey);
            byte[] nonce = new byte[Algorithms.GCM_NONCE_BYTES];
            random.nextBytes(nonce);
            WireWriter out = new WireWriter(headerBytes.length + plaintext.length + 1024 * (recipients.size() + 1));
            out.bytes(headerBytes);
            for (PublicKey r : recipients) {
                byte[] wrapped = RsaOaep.wrap(r, contentKey, random);
                out.u16(wrapped.length).bytes(wrapped);
            }
            byte[] ciphertext = AesGcm.encrypt(contentKey, nonce, plaintext, headerBytes);
            out.u32((long) nonce.length + ciphertext.length).bytes(nonce).bytes(ciphertext);
            byte[] signed = out.toByteArray();
            byte[] signature = RsaPss.sign(senderKey, signed, random);
            out.u16(signature.length).bytes(signature);
            return out.toByteArray();
        } finally {
            Secrets.wipe(contentKey);
        }
    }

    /**
     * Checks everything about {@code bytes} that needs no private key, in the order {@link #open} does: bounds,
     * kind, session, exact sequence, sender, and the sender's signature. Lets a party that is not a recipient
     * (or not yet) tell an authentic envelope from a forged or edited one.
     *
     * @return the key ids the envelope is sealed to
     */
    public static List<KeyId> verify(byte[] bytes, Expect expect, PublicKey senderPublic) throws EnvelopeException {
        Parsed p = parseAndVerify(bytes, expect, null, senderPublic);
        List<KeyId> recipients = new ArrayList<>(p.recipientIds().size());
        for (byte[] id : p.recipientIds()) {
            recipients.add(KeyId.fromBytes(id));
        }
        return recipients;
    }

    /** The checks of DESIGN order; the recipient check is skipped when {@code myPublic} is null. */
    private static Parsed parseAndVerify(byte[] bytes, Expect expect, PublicKey myPublic, PublicKey senderPublic)
            throws EnvelopeException {
        Parsed p;
        try {
            p = parse(bytes);
        } catch (WireFormatException e) {
            throw new EnvelopeException("malformed envelope: " + e.getMessage());
        }
        if (expect.allowedKinds() != null && !expect.allowedKinds().contains(p.kind())) {
            throw new EnvelopeException(String.format("message kind 0x%04x not allowed here", p.kind()));
        }
        if (!MessageDigest.isEqual(p.sessionId(), expect.sessionId())) {
            throw new EnvelopeException("envelope belongs to another session");
        }
        if (p.sequence() != expect.sequence()) {
            throw new EnvelopeException("sequence " + Long.toUnsignedString(p.sequence()) + " where "
                    + expect.sequence() + " was expected (replayed, reordered or dropped message)");
        }
        if (myPublic != null && recipientIndex(p, myPublic) < 0) {
            throw new EnvelopeException("envelope is not addressed to this key " + KeyId.of(myPublic).fingerprint());
        }
        KeyId senderId = KeyId.of(senderPublic);
        if (!MessageDigest.isEqual(p.senderId(), senderId.bytes())) {
            throw new EnvelopeException("envelope names sender " + KeyId.fromBytes(p.senderId()).fingerprint()
                    + ", not the expected " + senderId.fingerprint());
        }
        try {
            RsaPss.verify(senderPublic, bytes, 0, p.signedLength(), p.signature());
        } catch (GeneralSecurityException e) {
            throw new EnvelopeException("envelope signature: " + e.getMessage());
        }
        return p;
    }

    /**
     * Opens an envelope addressed to {@code myPublic} and signed by {@code senderPublic}; see the class
     * guarantee. Throws {@link EnvelopeException} with the precise reason on any failure.
     */
    public static Opened open(byte[] bytes, Expect expect, PrivateKey myKey, PublicKey myPublic, PublicKey senderPublic)
            throws EnvelopeException {
        Parsed p = parseAndVerify(bytes, expect, myPublic, senderPublic);
        int mine = recipientIndex(p, myPublic);
        KeyId senderId = KeyId.of(senderPublic);
        byte[] contentKey = null;
        try {
            try {
                contentKey = RsaOaep.unwrap(myKey, p.wrappedKeys().get(mine));
            } catch (GeneralSecurityException e) {
                throw new EnvelopeException("cannot unwrap the content key: " + e.getClass().getSimpleName());
            }
            if (contentKey.length != Algorithms.AES_KEY_BYTES) {
                throw new EnvelopeException("wrapped content key has " + contentKey.length + " bytes, not 32");
            }
            byte[] header = Arrays.copyOf(bytes, p.headerLength());
            byte[] plaintext;
            try {
                plaintext = AesGcm.decrypt(contentKey, p.nonce(), bytes, p.ciphertextOffset(), p.ciphertextLength(),
                        header);
            } catch (GeneralSecurityException e) {
                throw new EnvelopeException("body does not decrypt: " + e.getClass().getSimpleName());
            }
            return new Opened(p.kind(), p.sessionId(), p.sequence(), senderId, plaintext);
        } finally {
            Secrets.wipe(contentKey);
        }
    }

    /**
     * Checks {@code bytes} as {@link #open} does (addressed to {@code myPublic}, signed by {@code senderPublic})
     * and returns the content key K this recipient unwraps, but only if K also decrypts the body: a threshold
     * round's complaint publishes K as evidence (docs/protocol.md 15), and a K that does not open the sender's
     * own ciphertext (a wrapped key copied from another envelope) is never revealed. The caller wipes K.
     */
    public static byte[] provableContentKey(byte[] bytes, Expect expect, PrivateKey myKey, PublicKey myPublic,
                                            PublicKey senderPublic) throws EnvelopeException {
        Parsed p = parseAndVerify(bytes, expect, myPublic, senderPublic);
        byte[] contentKey;
        try {
            contentKey = RsaOaep.unwrap(myKey, p.wrappedKeys().get(recipientIndex(p, myPublic)));
        } catch (GeneralSecurityException e) {
            throw new EnvelopeException("cannot unwrap the content key: " + e.getClass().getSimpleName());
        }
        if (contentKey.length != Algorithms.AES_KEY_BYTES) {
            Secrets.wipe(contentKey);
            throw new EnvelopeException("wrapped content key has " + contentKey.length + " bytes, not 32");
        }
        try {
            Secrets.wipe(AesGcm.decrypt(contentKey, p.nonce(), bytes, p.ciphertextOffset(), p.ciphertextLength(),
                    Arrays.copyOf(bytes, p.headerLength())));
        } catch (GeneralSecurityException e) {
            Secrets.wipe(contentKey);
            throw new EnvelopeException("body does not decrypt: " + e.getClass().getSimpleName());
        }
        return contentKey;
    }

    /**
     * Opens {@code bytes} with a content key someone published instead of a private key: checks everything
     * {@link #verify} checks (signature of {@code senderPublic} included), then decrypts and authenticates the
     * body under {@code contentKey}. Anyone can so check a complaint's evidence about exactly this ciphertext.
     */
    public static Opened openWithContentKey(byte[] bytes, Expect expect, PublicKey senderPublic, byte[] contentKey)
            throws EnvelopeException {
        Parsed p = parseAndVerify(bytes, expect, null, senderPublic);
        if (contentKey.length != Algorithms.AES_KEY_BYTES) {
            throw new EnvelopeException("a content key has 32 bytes, not " + contentKey.length);
        }
        try {
            byte[] plaintext = AesGcm.decrypt(contentKey, p.nonce(), bytes, p.ciphertextOffset(), p.ciphertextLength(),
                    Arrays.copyOf(bytes, p.headerLength()));
            return new Opened(p.kind(), p.sessionId(), p.sequence(), KeyId.of(senderPublic), plaintext);
        } catch (GeneralSecurityException e) {
            throw new EnvelopeException("body does not decrypt under that content key");
        }
    }

    private static int recipientIndex(Parsed p, PublicKey key) {
        byte[] id = KeyId.of(key).bytes();
        int found = -1;
        for (int i = 0; i < p.recipientIds().size(); i++) {
            if (MessageDigest.isEqual(p.recipientIds().get(i), id)) {
                found = i;
            }
        }
        return found;
    }

    private static Parsed parse(byte[] bytes) throws WireFormatException {
        WireReader r = new WireReader(bytes);
        int version = r.u8("version");
        if (version != VERSION) {
            throw new WireFormatException("envelope version " + version + " is not supported (only " + VERSION + ")");
        }
        int kind = r.u16("kind");
        if (!MessageKinds.isValid(kind)) {
            throw new WireFormatException("message kind 0 is not valid");
        }
        byte[] sessionId = r.bytes(SESSION_ID_BYTES, "session id");
        long sequence = r.u64("sequence");
        if (sequence < 0) {
            throw new WireFormatException("sequence above 2^63-1");
        }
        byte[] senderId = r.bytes(KeyId.LENGTH, "sender key id");
        int count = r.count8(1, MAX_RECIPIENTS, "recipient");
        List<byte[]> recipientIds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] id = r.bytes(KeyId.LENGTH, "recipient key id " + i);
            for (byte[] earlier : recipientIds) {
                if (MessageDigest.isEqual(earlier, id)) {
                    throw new WireFormatException("recipient key id " + i + " repeats an earlier one");
                }
            }
            recipientIds.add(id);
        }
        int headerLength = r.position();
        List<byte[]> wrapped = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] w = r.shortBytes(MAX_RSA_BYTES, "wrapped key " + i);
            if (w.length == 0) {
                throw new WireFormatException("wrapped key " + i + " is empty");
            }
            wrapped.add(w);
        }
        long bodyLength = r.u32("body length");
        if (bodyLength < MIN_BODY_LENGTH) {
            throw new WireFormatException("body length " + bodyLength + " is below the minimum " + MIN_BODY_LENGTH);
        }
        if (bodyLength > r.remaining()) {
            throw new WireFormatException("truncated: body declares " + bodyLength + " bytes, " + r.remaining() + " left");
        }
        byte[] nonce = r.bytes(Algorithms.GCM_NONCE_BYTES, "nonce");
        int ciphertextOffset = r.position();
        int ciphertextLength = (int) bodyLength - Algorithms.GCM_NONCE_BYTES;
        r.skip(ciphertextLength, "ciphertext");
        int signedLength = r.position();
        byte[] signature = r.shortBytes(MAX_RSA_BYTES, "signature");
        if (signature.length == 0) {
            throw new WireFormatException("signature is empty");
        }
        r.finish();
        return new Parsed(kind, sessionId, sequence, senderId, recipientIds, wrapped, headerLength, nonce,
                ciphertextOffset, ciphertextLength, signedLength, signature);
    }
}
