package dev.dkg.frost;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The two-round FROST signing protocol of RFC 9591 sections 4 and 5 for one ciphersuite, step by step in
 * the RFC's order: nonce generation and commitment (round one, signer), binding factors, group commitment,
 * challenge, signature share (round two, signer), signature share verification and aggregation
 * (Coordinator), and verification of the final signature.
 *
 * <p>Guarantees: with at most t-1 corrupted signers no signature can be forged (RFC 9591 section 7);
 * a share that fails {@link #verifySignatureShare} names its signer; {@link #sign} destroys the nonces it
 * used, so a second round-two request on the same commitments is refused. A commitment list must be
 * sorted by identifier, strictly ascending, with no duplicates; every method refuses one that is not.
 */
public final class Frost {
    private final Ciphersuite suite;

    public Frost(Ciphersuite suite) {
        this.suite = suite;
    }

    public Ciphersuite suite() {
        return suite;
    }

    // ---- round one (section 5.1) ------------------------------------------------------------------------

    /** nonce_generate (section 4.1) from 32 given random bytes: H3(random_bytes || SerializeScalar(secret)). */
    public BigInteger nonceGenerate(byte[] randomBytes, BigInteger secret) {
        if (randomBytes.length != 32) {
            throw new IllegalArgumentException("nonce randomness is 32 bytes");
        }
        byte[] secretBytes = suite.serializeScalar(secret);
        byte[] input = new byte[64];
        System.arraycopy(randomBytes, 0, input, 0, 32);
        System.arraycopy(secretBytes, 0, input, 32, 32);
        BigInteger nonce = suite.h3(input);
        Arrays.fill(secretBytes, (byte) 0);
        Arrays.fill(input, (byte) 0);
        return nonce;
    }

    /** commit (section 5.1) with fresh randomness: two nonces from 32 random bytes each and the share. */
    public SigningNonces commit(SecretShare share, SecureRandom random) {
        byte[] hidingRandomness = new byte[32];
        byte[] bindingRandomness = new byte[32];
        random.nextBytes(hidingRandomness);
        random.nextBytes(bindingRandomness);
        try {
            return commit(share, hidingRandomness, bindingRandomness);
        } finally {
            Arrays.fill(hidingRandomness, (byte) 0);
            Arrays.fill(bindingRandomness, (byte) 0);
        }
    }

    /** commit with the randomness given: only for reproducing the RFC's vectors. */
    SigningNonces commit(SecretShare share, byte[] hidingRandomness, byte[] bindingRandomness) {
        requireSuite(share.suite());
        BigInteger hiding = nonceGenerate(hidingRandomness, share.value());
        BigInteger binding = nonceGenerate(bindingRandomness, share.value());
        return new SigningNonces(suite, share.identifier(), hiding, binding);
    }

    // ---- shared steps (section 4) -----------------------------------------------------------------------

    /** encode_group_commitment_list (section 4.3): the entries' encodings concatenated, in list order. */
    public byte[] encodeGroupCommitmentList(List<SigningCommitment> commitments) {
        requireSortedList(commitments);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SigningCommitment commitment : commitments) {
            out.writeBytes(commitment.toBytes());
        }
        return out.toByteArray();
    }

    /**
     * The H1 input of participant {@code identifier}'s binding factor (section 4.4):
     * SerializeElement(PK) || H4(msg) || H5(encode_group_commitment_list(list)) || SerializeScalar(identifier).
     */
    public byte[] bindingFactorInput(Element groupKey, List<SigningCommitment> commitments, byte[] message,
            int identifier) {
        byte[] prefix = bindingFactorPrefix(groupKey, commitments, message);
        byte[] id = suite.serializeIdentifier(identifier);
        byte[] input = Arrays.copyOf(prefix, prefix.length + id.length);
        System.arraycopy(id, 0, input, prefix.length, id.length);
        return input;
    }

    private byte[] bindingFactorPrefix(Element groupKey, List<SigningCommitment> commitments, byte[] message) {
        requireSuite(groupKey.suite());
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        prefix.writeBytes(groupKey.toBytes());
        prefix.writeBytes(suite.h4(message));
        prefix.writeBytes(suite.h5(encodeGroupCommitmentList(commitments)));
        return prefix.toByteArray();
    }

    /** compute_binding_factors (section 4.4): identifier -> rho_i = H1(binding factor input). */
    public SortedMap<Integer, BigInteger> computeBindingFactors(Element groupKey,
            List<SigningCommitment> commitments, byte[] message) {
        byte[] prefix = bindingFactorPrefix(groupKey, commitments, message);
        SortedMap<Integer, BigInteger> factors = new TreeMap<>();
        for (SigningCommitment commitment : commitments) {
            byte[] id = suite.serializeIdentifier(commitment.identifier());
            byte[] input = Arrays.copyOf(prefix, prefix.length + id.length);
            System.arraycopy(id, 0, input, prefix.length, id.length);
            factors.put(commitment.identifier(), suite.h1(input));
        }
        return Collections.unmodifiableSortedMap(factors);
    }

    /** compute_group_commitment (section 4.5): R = Σ (D_i + rho_i·E_i). */
    public Element computeGroupCommitment(List<SigningCommitment> commitments,
            Map<Integer, BigInteger> bindingFactors) {
        requireSortedList(commitments);
        Element sum = suite.identity();
        for (SigningCommitment commitment : commitments) {
            BigInteger rho = bindingFactorOf(bindingFactors, commitment.identifier());
            sum = sum.add(commitment.hiding()).add(commitment.binding().multiply(rho));
        }
        return sum;
    }

    /** compute_challenge (section 4.6): H2(SerializeElement(R) || SerializeElement(PK) || msg). */
    public BigInteger computeChallenge(Element groupCommitment, Element groupKey, byte[] message) {
        requireSuite(groupCommitment.suite());
        requireSuite(groupKey.suite());
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(groupCommitment.toBytes());
        input.writeBytes(groupKey.toBytes());
        input.writeBytes(message);
        return suite.h2(input.toByteArray());
    }

    // ---- round two (section 5.2) ------------------------------------------------------------------------

    /**
     * sign (section 5.2): z_i = d_i + e_i·rho_i + lambda_i·sk_i·c. Checks first, as section 5.2 requires,
     * that the signer's own commitment appears in the list unchanged; destroys {@code nonces} whatever
     * the outcome, so they serve one request at most.
     *
     * @throws IllegalStateException if the nonces were already used or destroyed
     * @throws IllegalArgumentException if the list is unsorted, lacks this signer or alters its commitment
     */
    public SignatureShare sign(SecretShare share, Element groupKey, SigningNonces nonces, byte[] message,
            List<SigningCommitment> commitments) {
        try {
            requireSuite(share.suite());
            requireSortedList(commitments);
            int identifier = share.identifier();
            if (!commitments.contains(nonces.commitment()) || nonces.commitment().identifier() != identifier) {
                throw new IllegalArgumentException("the commitment list does not hold this signer's commitment");
            }
            BigInteger hiding = nonces.hiding();
            BigInteger binding = nonces.binding();
            SessionValues session = new SessionValues(groupKey, commitments, message);
            BigInteger lambda = Lagrange.coefficient(suite, identifier, identifiers(commitments));
            BigInteger z = hiding.add(binding.multiply(session.factors.get(identifier)))
                    .add(lambda.multiply(share.value()).multiply(session.challenge)).mod(suite.order());
            return new SignatureShare(suite, identifier, z);
        } finally {
            nonces.destroy();
        }
    }

    // ---- the Coordinator (sections 5.3, 5.4) ------------------------------------------------------------

    /**
     * verify_signature_share (section 5.4): z_i·G = D_i + rho_i·E_i + (c·lambda_i)·PK_i.
     *
     * @throws VerificationException naming the signer if the share is wrong
     */
    public void verifySignatureShare(SignatureShare share, Element verificationShare,
            List<SigningCommitment> commitments, Element groupKey, byte[] message) throws VerificationException {
        verifySignatureShare(share, verificationShare, new SessionValues(groupKey, commitments, message));
    }

    private void verifySignatureShare(SignatureShare share, Element verificationShare, SessionValues session)
            throws VerificationException {
        requireSuite(share.suite());
        requireSuite(verificationShare.suite());
        int identifier = share.identifier();
        SigningCommitment own = commitmentOf(session.commitments, identifier);
        Element commitmentShare = own.hiding().add(own.binding().multiply(session.factors.get(identifier)));
        BigInteger lambda = Lagrange.coefficient(suite, identifier, identifiers(session.commitments));
        Element left = suite.baseMultiply(share.value());
        Element right = commitmentShare.add(verificationShare.multiply(session.challenge.multiply(lambda)));
        if (!left.equals(right)) {
            throw new VerificationException("signature share of participant " + identifier + " is invalid",
                    identifier);
        }
    }

    /** What every participant of one session derives from (PK, commitment list, message): computed once. */
    private final class SessionValues {
        final List<SigningCommitment> commitments;
        final SortedMap<Integer, BigInteger> factors;
        final Element groupCommitment;
        final BigInteger challenge;

        SessionValues(Element groupKey, List<SigningCommitment> commitments, byte[] message) {
            this.commitments = commitments;
            this.factors = computeBindingFactors(groupKey, commitments, message);
            this.groupCommitment = computeGroupCommitment(commitments, factors);
            if (groupCommitment.isIdentity()) {
                // RFC 9591 section 4.5: only commitments chosen to cancel out give the identity.
                throw new IllegalArgumentException("the group commitment is the identity: the commitment list is malicious");
            }
            this.challenge = computeChallenge(groupCommitment, groupKey, message);
        }
    }

    /**
     * aggregate (section 5.3): (R, Σ z_i). Does not check the shares; the Coordinator uses
     * {@link #aggregateVerified} instead.
     */
    public Signature aggregate(List<SigningCommitment> commitments, byte[] message, Element groupKey,
            List<SignatureShare> shares) {
        return aggregate(new SessionValues(groupKey, commitments, message), shares);
    }

    private Signature aggregate(SessionValues session, List<SignatureShare> shares) {
        if (shares.size() != session.commitments.size()) {
            throw new IllegalArgumentException("one signature share per commitment is needed");
        }
        BigInteger z = BigInteger.ZERO;
        Set<Integer> seen = new HashSet<>();
        for (SignatureShare share : shares) {
            requireSuite(share.suite());
            commitmentOf(session.commitments, share.identifier());
            if (!seen.add(share.identifier())) {
                throw new IllegalArgumentException("two signature shares from participant " + share.identifier());
            }
            z = z.add(share.value());
        }
        return new Signature(session.groupCommitment, z.mod(suite.order()));
    }

    /**
     * What a Coordinator runs: checks every share against its signer's verification share (naming the
     * first bad signer), aggregates, and verifies the result before returning it.
     *
     * @param verificationShares identifier -> PK_i for at least every signer in the list
     */
    public Signature aggregateVerified(List<SigningCommitment> commitments, byte[] message, Element groupKey,
            List<SignatureShare> shares, Map<Integer, Element> verificationShares) throws VerificationException {
        SessionValues session = new SessionValues(groupKey, commitments, message);
        for (SignatureShare share : shares) {
            Element pk = verificationShares.get(share.identifier());
            if (pk == null) {
                throw new IllegalArgumentException("no verification share for participant " + share.identifier());
            }
            verifySignatureShare(share, pk, session);
        }
        Signature signature = aggregate(session, shares);
        verify(groupKey, message, signature);
        return signature;
    }

    /**
     * Verifies a signature (RFC 9591 appendix B): z·G = R + c·PK with c = H2(R || PK || msg). For Ed25519
     * the cofactored equation 8·(z·G - R - c·PK) = identity of RFC 8032 section 5.1.7 is checked, so it
     * accepts exactly what an RFC 8032 verifier accepts for keys and R in the prime-order subgroup.
     */
    public void verify(Element groupKey, byte[] message, Signature signature) throws VerificationException {
        requireSuite(groupKey.suite());
        requireSuite(signature.suite());
        if (signature.commitment().isIdentity()) {
            throw new VerificationException("signature is invalid");
        }
        BigInteger challenge = computeChallenge(signature.commitment(), groupKey, message);
        Element difference = suite.baseMultiply(signature.z()).subtract(signature.commitment())
                .subtract(groupKey.multiply(challenge));
        if (suite == Ciphersuite.ED25519) {
            difference = difference.multiply(BigInteger.valueOf(8));
        }
        if (!difference.isIdentity()) {
            throw new VerificationException("signature is invalid");
        }
    }

    // ---- list checks -----------------------------------------------------------------------------------

    private static List<Integer> identifiers(List<SigningCommitment> commitments) {
        List<Integer> ids = new ArrayList<>(commitments.size());
        for (SigningCommitment commitment : commitments) {
            ids.add(commitment.identifier());
        }
        return ids;
    }

    private static SigningCommitment commitmentOf(List<SigningCommitment> commitments, int identifier) {
        for (SigningCommitment commitment : commitments) {
            if (commitment.identifier() == identifier) {
                return commitment;
            }
        }
        throw new IllegalArgumentException("participant " + identifier + " is not in the commitment list");
    }

    private static BigInteger bindingFactorOf(Map<Integer, BigInteger> factors, int identifier) {
        BigInteger rho = factors.get(identifier);
        if (rho == null) {
            throw new IllegalArgumentException("no binding factor for participant " + identifier);
        }
        return rho;
    }

    private void requireSortedList(List<SigningCommitment> commitments) {
        if (commitments.isEmpty()) {
            throw new IllegalArgumentException("the commitment list is empty");
        }
        int previous = 0;
        for (SigningCommitment commitment : commitments) {
            requireSuite(commitment.suite());
            if (commitment.identifier() <= previous) {
                throw new IllegalArgumentException(
                        "the commitment list must be sorted by identifier with no repeats");
            }
            previous = commitment.identifier();
        }
    }

    private void requireSuite(Ciphersuite other) {
        if (other != suite) {
            throw new IllegalArgumentException("a " + other.scheme() + " value given to " + suite.scheme()
                    + " FROST");
        }
    }
}
