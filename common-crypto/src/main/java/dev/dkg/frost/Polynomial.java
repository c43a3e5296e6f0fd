package dev.dkg.frost;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A secret polynomial f(x) = a_0 + a_1·x + ... + a_{t-1}·x^{t-1} over the scalar field: a dealer's or a DKG
 * participant's. Holds secrets; {@link #toString()} never shows them.
 */
public final class Polynomial {
    private final Ciphersuite suite;
    private final List<BigInteger> coefficients;

    /** A polynomial with these coefficients, a_0 first (RFC 9591 appendix C's layout). */
    public Polynomial(Ciphersuite suite, List<BigInteger> coefficients) {
        if (coefficients.isEmpty()) {
            throw new IllegalArgumentException("a polynomial needs at least a constant term");
        }
        for (BigInteger c : coefficients) {
            if (c.signum() < 0 || c.compareTo(suite.order()) >= 0) {
                throw new IllegalArgumentException("coefficients are scalars in [0, q-1]");
            }
        }
        this.suite = suite;
        this.coefficients = List.copyOf(coefficients);
    }

    /** f with f(0) = constant and t-1 further coefficients uniform in Z_q (degree t-1). */
    public static Polynomial random(Ciphersuite suite, BigInteger constant, int threshold, SecureRandom random) {
        if (threshold < 1) {
            throw new IllegalArgumentException("a threshold is 1 or more");
        }
        List<BigInteger> coefficients = new ArrayList<>(threshold);
        coefficients.add(constant);
        for (int k = 1; k < threshold; k++) {
            coefficients.add(suite.randomScalar(random));
        }
        return new Polynomial(suite, coefficients);
    }

    public Ciphersuite suite() {
        return suite;
    }

    /** t, the number of coefficients (degree + 1). */
    public int threshold() {
        return coefficients.size();
    }

    /** a_0 = f(0). */
    public BigInteger constant() {
        return coefficients.get(0);
    }

    /** f(x) by Horner's rule (polynomial_evaluate, RFC 9591 appendix C.1). */
    public BigInteger evaluate(BigInteger x) {
        BigInteger q = suite.order();
        BigInteger value = BigInteger.ZERO;
        for (int k = coefficients.size() - 1; k >= 0; k--) {
            value = value.multiply(x).add(coefficients.get(k)).mod(q);
        }
        return value;
    }

    /** f(identifier) as participant {@code identifier}'s share. */
    public SecretShare shareFor(int identifier) {
        return new SecretShare(suite, identifier, evaluate(Ciphersuite.identifier(identifier)));
    }

    /** The Feldman commitment (a_0·G, ..., a_{t-1}·G) (vss_commit, RFC 9591 appendix C.2). */
    public VssCommitment commitment() {
        List<Element> points = new ArrayList<>(coefficients.size());
        for (BigInteger c : coefficients) {
            points.add(suite.baseMultiply(c));
        }
        return new VssCommitment(points);
    }

    @Override
    public String toString() {
        return "Polynomial[" + suite.scheme() + ", t=" + coefficients.size() + ", (secret)]";
    }
}
