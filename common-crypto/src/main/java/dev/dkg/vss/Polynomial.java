package dev.dkg.vss;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A random polynomial over Z_q with a chosen constant term, and its Feldman commitments.
 *
 * <p>Non-constant coefficients are uniform in [1, q-1] rather than Z_q: then no commitment is the
 * identity point, which has no encoding. The distance from uniform over Z_q is at most t/q, below 2^-247.
 */
final class Polynomial {
    private final BigInteger[] coefficients;

    private Polynomial(BigInteger[] coefficients) {
        this.coefficients = coefficients;
    }

    /** Degree {@code threshold - 1}, f(0) = {@code constant}. */
    static Polynomial random(BigInteger constant, int threshold, SecureRandom random) {
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = constant;
        for (int j = 1; j < threshold; j++) {
            coefficients[j] = ScalarField.randomNonZero(random);
        }
        return new Polynomial(coefficients);
    }

    static Polynomial of(BigInteger... coefficients) {
        return new Polynomial(coefficients.clone());
    }

    int threshold() {
        return coefficients.length;
    }

    BigInteger coefficient(int j) {
        return coefficients[j];
    }

    /** f(x) by Horner's rule. */
    BigInteger evaluate(int x) {
        BigInteger bigX = BigInteger.valueOf(x);
        BigInteger result = BigInteger.ZERO;
        for (int j = coefficients.length - 1; j >= 0; j--) {
            result = result.multiply(bigX).add(coefficients[j]).mod(ScalarField.ORDER);
        }
        return result;
    }

    /** C_j = a_j·G for j = 0..t-1; needs a_0 != 0 as well. */
    Commitments commitments() {
        List<CurvePoint> points = new ArrayList<>(coefficients.length);
        for (BigInteger coefficient : coefficients) {
            points.add(CurvePoint.of(CurveGroup.baseTimes(coefficient)));
        }
        return new Commitments(points);
    }
}
