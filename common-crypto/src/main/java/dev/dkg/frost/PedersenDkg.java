package dev.dkg.frost;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;

/**
 * The arithmetic of Pedersen distributed key generation with proofs of knowledge (Komlo and Goldberg,
 * "FROST", figure 1; ZF frost's keys::dkg) for one participant, in the order a round uses it:
 * <ol>
 *   <li>{@link #deal}: a random polynomial f_i of degree t-1, its Feldman commitment C_i and a proof of
 *       knowledge of a_i0 bound to the caller's context;
 *   <li>{@link #verifyProof} on every other participant's (C_j, proof);
 *   <li>{@link Polynomial#shareFor} f_i(j) for every other j, sent sealed to j;
 *   <li>{@link VssCommitment#verifyShare} on every share received;
 *   <li>{@link #signingShare} s_j = Σ_i f_i(j), {@link #groupCommitment} Σ_i C_i, whose constant is the
 *       group key PK and whose {@link VssCommitment#evaluate} gives every participant's verification share.
 * </ol>
 * Guarantee: if every proof and share checks out, the shares are a t-of-n sharing of the secret whose
 * public key is PK, and no set of fewer than t participants learns anything about it beyond PK.
 * Uniformity of PK additionally needs the commit-then-reveal of the C_i that the round protocol adds.
 */
public final class PedersenDkg {
    private final Ciphersuite suite;

    public PedersenDkg(Ciphersuite suite) {
        this.suite = suite;
    }

    /** Participant {@code identifier}'s round-one output: the secret polynomial and the public parts. */
    public record Dealing(int identifier, Polynomial polynomial, VssCommitment commitment, ProofOfKnowledge proof) {
        @Override
        public String toString() {
            return "Dealing[identifier=" + identifier + ", (secret polynomial)]";
        }
    }

    /** Draws f_i (uniform coefficients, a_i0 non-zero), commits to it and proves knowledge of a_i0. */
    public Dealing deal(int identifier, int threshold, byte[] context, SecureRandom random) {
        Ciphersuite.identifier(identifier);
        if (threshold < 2) {
            throw new IllegalArgumentException("a threshold is 2 or more");
        }
        Polynomial polynomial = Polynomial.random(suite, suite.randomNonZeroScalar(random), threshold, random);
        VssCommitment commitment = polynomial.commitment();
        ProofOfKnowledge proof = prove(identifier, polynomial.constant(), commitment.constant(), context, random);
        return new Dealing(identifier, polynomial, commitment, proof);
    }

    /** (R, mu) with R = k·G for a fresh random k, mu = k + a_i0·c, c = {@link #challenge}(i, C_i0, R). */
    public ProofOfKnowledge prove(int identifier, BigInteger secret, Element publicValue, byte[] context,
            SecureRandom random) {
        return prove(identifier, secret, publicValue, context, suite.randomNonZeroScalar(random));
    }

    /** The proof with the nonce k given: only for the vector tests (a repeated k reveals the secret). */
    ProofOfKnowledge prove(int identifier, BigInteger secret, Element publicValue, byte[] context, BigInteger k) {
        Element r = suite.baseMultiply(k);
        BigInteger c = challenge(identifier, publicValue, r, context);
        return new ProofOfKnowledge(r, k.add(secret.multiply(c)).mod(suite.order()));
    }

    /**
     * The proof's challenge, c = HDKG(m) with
     * <pre>
     * m = I2OSP(len(context), 4) || context || SerializeScalar(identifier) || SerializeElement(C_i0)
     *     || SerializeElement(R)
     * </pre>
     * The context is the caller's binding to one round (for the keygen protocol: round id, and the
     * participant list); its 4-byte big-endian length keeps the fields apart.
     */
    public BigInteger challenge(int identifier, Element publicValue, Element r, byte[] context) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        int n = context.length;
        m.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        m.writeBytes(context);
        m.writeBytes(suite.serializeIdentifier(identifier));
        m.writeBytes(publicValue.toBytes());
        m.writeBytes(r.toBytes());
        return suite.hdkg(m.toByteArray());
    }

    /**
     * Checks participant {@code identifier}'s proof: R = mu·G - c·C_i0.
     *
     * @throws VerificationException naming that participant
     */
    public void verifyProof(int identifier, VssCommitment commitment, ProofOfKnowledge proof, byte[] context)
            throws VerificationException {
        suite.requireSuite(commitment.constant());
        suite.requireSuite(proof.r());
        if (commitment.constant().isIdentity()) {
            throw new VerificationException("participant " + identifier + " committed to a zero secret", identifier);
        }
        BigInteger c = challenge(identifier, commitment.constant(), proof.r(), context);
        Element expected = suite.baseMultiply(proof.mu()).subtract(commitment.constant().multiply(c));
        if (!expected.equals(proof.r())) {
            throw new VerificationException("participant " + identifier + "'s proof of knowledge is invalid",
                    identifier);
        }
    }

    /** s_j = Σ_i f_i(j) over the shares j received from every participant, its own included. */
    public SecretShare signingShare(int identifier, Collection<SecretShare> received) {
        BigInteger sum = BigInteger.ZERO;
        for (SecretShare share : received) {
            if (share.identifier() != identifier || share.suite() != suite) {
                throw new IllegalArgumentException("a share for another participant or suite was given");
            }
            sum = sum.add(share.value());
        }
        return new SecretShare(suite, identifier, sum.mod(suite.order()));
    }

    /**
     * Σ_i C_i: its constant is the group public key PK = Σ C_i0 and its evaluate(j) is participant j's
     * verification share PK_j = s_j·G.
     */
    public VssCommitment groupCommitment(List<VssCommitment> commitments) {
        return VssCommitment.sum(commitments);
    }
}
