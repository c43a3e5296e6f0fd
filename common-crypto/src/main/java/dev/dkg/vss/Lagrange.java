package dev.dkg.vss;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** Lagrange interpolation at x = 0 over Z_q: how t points give back f(0) without the polynomial. */
final class Lagrange {
    private Lagrange() {}

    /**
     * λ_i(S) = Π_{m ∈ S, m ≠ i} m / (m - i), so that f(0) = Σ λ_i·f(i) for any f of degree < |S|.
     * The x values are distinct and non-zero (callers check), so every denominator is invertible.
     */
    static BigInteger coefficientAtZero(int i, Collection<Integer> xs) {
        BigInteger numerator = BigInteger.ONE;
        BigInteger denominator = BigInteger.ONE;
        for (int m : xs) {
            if (m != i) {
                numerator = ScalarField.multiply(numerator, ScalarField.of(m));
                denominator = ScalarField.multiply(denominator, ScalarField.of((long) m - i));
            }
        }
        return ScalarField.multiply(numerator, ScalarField.inverse(denominator));
    }

    /** f(0) from the points x → f(x); no threshold check, so tests can also show what too few points give. */
    static BigInteger interpolateAtZero(Map<Integer, BigInteger> points) {
        BigInteger result = BigInteger.ZERO;
        for (Map.Entry<Integer, BigInteger> point : points.entrySet()) {
            BigInteger lambda = coefficientAtZero(point.getKey(), points.keySet());
            result = ScalarField.add(result, ScalarField.multiply(lambda, point.getValue()));
        }
        return result;
    }
}
