package dev.dkg.frost;

import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Lagrange interpolation at zero in the scalar field (RFC 9591 section 4.2, derive_interpolating_value). */
public final class Lagrange {
    private Lagrange() {}

    /**
     * lambda_i = Π_{j in participants, j != i} j / (j - i) mod q.
     *
     * @throws IllegalArgumentException if i is not among the participants or a participant repeats
     */
    public static BigInteger coefficient(Ciphersuite suite, int identifier, Collection<Integer> participants) {
        BigInteger q = suite.order();
        BigInteger x = Ciphersuite.identifier(identifier);
        Set<Integer> seen = new HashSet<>();
        boolean found = false;
        BigInteger numerator = BigInteger.ONE;
        BigInteger denominator = BigInteger.ONE;
        for (int participant : participants) {
            if (!seen.add(participant)) {
                throw new IllegalArgumentException("participant " + participant + " appears twice");
            }
            if (participant == identifier) {
                found = true;
                continue;
            }
            BigInteger xj = Ciphersuite.identifier(participant);
            numerator = numerator.multiply(xj).mod(q);
            denominator = denominator.multiply(xj.subtract(x)).mod(q);
        }
        if (!found) {
            throw new IllegalArgumentException("participant " + identifier + " is not in the list");
        }
        return numerator.multiply(denominator.modInverse(q)).mod(q);
    }

    /**
     * The secret f(0) from shares of it: Σ lambda_i·s_i. Only tests and the trusted dealer's checks put a
     * secret together; no ceremony of the suite calls this.
     */
    public static BigInteger interpolateAtZero(Ciphersuite suite, List<SecretShare> shares) {
        List<Integer> ids = shares.stream().map(SecretShare::identifier).toList();
        BigInteger sum = BigInteger.ZERO;
        for (SecretShare share : shares) {
            sum = sum.add(coefficient(suite, share.identifier(), ids).multiply(share.value()));
        }
        return sum.mod(suite.order());
    }
}
