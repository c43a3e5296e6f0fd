package dev.dkg.keygen;

import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.KeyId;
import dev.dkg.crypto.Secrets;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.InvalidEncodingException;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

/**
 * A complaint about one share and the evidence anyone can check (docs/protocol.md 15.4). T_COMPLAINT body:
 * {@code accused u8 | reason u8 | content-key 32B}; T_EVIDENCE body: {@code complainant u8 | accused u8 |
 * reason u8 | content-key 32B | envelope bytes32}, the envelope being the accused's share envelope as relayed.
 *
 * <p>Guarantee of {@link #judge}: for reason 1 it names the accused only if the accused's own signed envelope,
 * addressed to the complainant for this round, decrypts under the published content key to something that is
 * not a share consistent with the accused's commitments; in every other case it names the complainant. The
 * content key opens exactly that one ciphertext; it reveals nothing about any other envelope or key.
 */
public record ShareEvidence(int complainant, int accused, int reason, byte[] contentKey, byte[] envelope) {
    /** The share decrypts (under the published key) to a value inconsistent with the accused's commitments. */
    public static final int INCONSISTENT = 1;
    /** The envelope does not open for the complainant; nothing can be proven (the key field is zero). */
    public static final int UNOPENABLE = 2;

    public ShareEvidence {
        contentKey = contentKey.clone();
        envelope = envelope.clone();
        if (contentKey.length != 32 || (reason != INCONSISTENT && reason != UNOPENABLE)) {
            throw new IllegalArgumentException("bad complaint");
        }
    }

    /** The T_COMPLAINT body a participant sends. */
    public static byte[] encodeComplaint(int accused, int reason, byte[] contentKey) {
        return new WireWriter(40).u8(accused).u8(reason).bytes(contentKey).toByteArray();
    }

    /** Decodes T_COMPLAINT from {@code complainant} and attaches the envelope the server relayed. */
    public static ShareEvidence fromComplaint(int complainant, byte[] body, int participants,
                                              List<List<byte[]>> relayed) throws WireFormatException {
        WireReader r = new WireReader(body);
        int accused = r.u8("accused");
        int reason = r.u8("reason");
        byte[] key = r.bytes(32, "content key");
        r.finish();
        if (accused < 1 || accused > participants || accused == complainant) {
            throw new WireFormatException("complaint accuses identifier " + accused);
        }
        if (reason != INCONSISTENT && reason != UNOPENABLE) {
            throw new WireFormatException("unknown complaint reason " + reason);
        }
        return new ShareEvidence(complainant, accused, reason, key, relayed.get(accused - 1).get(complainant - 1));
    }

    public byte[] encode() {
        return new WireWriter(48 + envelope.length).u8(complainant).u8(accused).u8(reason).bytes(contentKey)
                .varBytes(envelope).toByteArray();
    }

    public static ShareEvidence decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        int complainant = r.u8("complainant");
        int accused = r.u8("accused");
        int reason = r.u8("reason");
        byte[] key = r.bytes(32, "content key");
        byte[] envelope = r.varBytes(ThresholdMessages.MAX_ENVELOPE_BYTES, "envelope");
        r.finish();
        try {
            return new ShareEvidence(complainant, accused, reason, key, envelope);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid evidence: " + e.getMessage());
        }
    }

    /** What checking a share envelope addressed to {@code recipient} for this round requires. */
    public static Envelope.Expect expectShare(byte[] roundId, int recipient) {
        return Envelope.Expect.of(roundId, recipient).withKinds(Set.of(ThresholdMessages.SHARE));
    }

    /** The share f_i(j) an envelope's plaintext holds, or null if it is not one canonical scalar. */
    public static BigInteger shareValue(Ciphersuite suite, byte[] plaintext) {
        try {
            return suite.deserializeScalar(plaintext);
        } catch (InvalidEncodingException e) {
            return null;
        }
    }

    /**
     * Who is to blame: the accused's identifier if the evidence proves its share bad, the complainant's if the
     * complaint is false, and both (accused first) for an envelope that does not open, which no one can prove.
     */
    public List<Integer> judge(byte[] roundId, Ciphersuite suite, PublicKey accusedKey, KeyId complainantKeyId,
                               ThresholdReveal accusedReveal) {
        if (reason == UNOPENABLE) {
            return List.of(accused, complainant);
        }
        Envelope.Expect expect = expectShare(roundId, complainant);
        byte[] plaintext = null;
        try {
            if (!Envelope.verify(envelope, expect, accusedKey).equals(List.of(complainantKeyId))) {
                return List.of(complainant);
            }
            plaintext = Envelope.openWithContentKey(envelope, expect, accusedKey, contentKey).plaintext();
            BigInteger share = shareValue(suite, plaintext);
            boolean good = share != null && accusedReveal.promises(complainant, share);
            return List.of(good ? complainant : accused);
        } catch (EnvelopeException e) {
            return List.of(complainant);
        } finally {
            Secrets.wipe(plaintext);
        }
    }
}
