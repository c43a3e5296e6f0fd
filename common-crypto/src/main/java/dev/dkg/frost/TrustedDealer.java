package dev.dkg.frost;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Trusted-dealer key generation (RFC 9591 appendix C): Shamir shares of a given secret for participants
 * 1..n with threshold t, and the Feldman commitment. The dealer knows the secret; the suite uses this only
 * in tests and to reproduce the RFC's vectors. The DKG ({@link PedersenDkg}) is the way keys are made.
 */
public final class TrustedDealer {
    private TrustedDealer() {}

    /** The outcome: shares for 1..n, PK = s·G, and the commitment (whose evaluate(i) is PK_i). */
    public record Keys(List<SecretShare> shares, Element groupKey, VssCommitment commitment) {}

    /** trusted_dealer_keygen with t-1 random coefficients. */
    public static Keys deal(Ciphersuite suite, BigInteger secret, int participants, int threshold,
            SecureRandom random) {
        return deal(Polynomial.random(suite, secret, threshold, random), participants);
    }

    /** secret_share_shard with the polynomial given (a_0 = the secret): for the RFC vectors. */
    public static Keys deal(Polynomial polynomial, int participants) {
        if (polynomial.threshold() > participants) {
            throw new IllegalArgumentException("the threshold cannot exceed the number of participants");
        }
        List<SecretShare> shares = new ArrayList<>(participants);
        for (int i = 1; i <= participants; i++) {
            shares.add(polynomial.shareFor(i));
        }
        VssCommitment commitment = polynomial.commitment();
        return new Keys(List.copyOf(shares), commitment.constant(), commitment);
    }
}
