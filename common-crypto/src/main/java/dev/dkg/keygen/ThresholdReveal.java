package dev.dkg.keygen;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Element;
import dev.dkg.frost.InvalidEncodingException;
import dev.dkg.frost.PedersenDkg;
import dev.dkg.frost.ProofOfKnowledge;
import dev.dkg.frost.SecretShare;
import dev.dkg.frost.VerificationException;
import dev.dkg.frost.VssCommitment;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * T_REVEAL body, the public part of one participant's dealing: {@code count u8 (= t) | C_0 … C_{t-1} |
 * R | mu}, elements and scalar in the suite's encodings (RFC 9591 section 6): the Feldman commitment to its
 * polynomial and its proof of knowledge of a_0 ({@link PedersenDkg#challenge}) with the context
 * {@link #proofContext}, which binds the proof to this round, and to the participant list.
 */
public record ThresholdReveal(VssCommitment commitment, ProofOfKnowledge proof) {
    private static final byte[] POK_LABEL = "dkg threshold pok v1".getBytes(StandardCharsets.US_ASCII);

    public Ciphersuite suite() {
        return commitment.suite();
    }

    public int threshold() {
        return commitment.threshold();
    }

    /** C_0 = a_0·G, this participant's part of the group key. */
    public Element constantTerm() {
        return commitment.constant();
    }

    /** The PoK context: {@code "dkg threshold pok v1" | round-id 16B | count u8 | string(name) …}. */
    public static byte[] proofContext(byte[] roundId, List<String> participants) {
        WireWriter w = new WireWriter(64 + 66 * participants.size()).bytes(POK_LABEL).bytes(roundId)
                .count8(participants.size());
        participants.forEach(w::string);
        return w.toByteArray();
    }

    /** Checks the proof of knowledge as participant {@code identifier}'s in this round. */
    public void verifyProof(byte[] roundId, int identifier, List<String> participants) throws VerificationException {
        new PedersenDkg(suite()).verifyProof(identifier, commitment, proof, proofContext(roundId, participants));
    }

    /** True if {@code value} is the share f(j) this commitment promises participant j. */
    public boolean promises(int j, BigInteger value) {
        try {
            commitment.verifyShare(new SecretShare(suite(), j, value), 1);
            return true;
        } catch (VerificationException | IllegalArgumentException e) {
            return false;
        }
    }

    public byte[] encode() {
        return new WireWriter(64 + (threshold() + 2) * suite().elementBytes()).count8(threshold())
                .bytes(commitment.toBytes()).bytes(proof.toBytes()).toByteArray();
    }

    /**
     * Decodes a reveal for a round of threshold {@code t}: exactly t commitments, every element a valid,
     * non-identity, canonically encoded group element, mu a canonical scalar.
     */
    public static ThresholdReveal decode(Ciphersuite suite, int t, byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        r.count8(t, t, "commitment");
        byte[] commitment = r.bytes(t * suite.elementBytes(), "commitments");
        byte[] proof = r.bytes(ProofOfKnowledge.encodedBytes(suite), "proof of knowledge");
        r.finish();
        try {
            return new ThresholdReveal(VssCommitment.fromBytes(suite, t, commitment),
                    ProofOfKnowledge.fromBytes(suite, proof));
        } catch (InvalidEncodingException e) {
            throw new WireFormatException("invalid reveal: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid reveal: " + e.getMessage());
        }
    }
}
