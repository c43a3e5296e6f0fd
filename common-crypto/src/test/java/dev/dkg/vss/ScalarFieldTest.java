package dev.dkg.vss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalarFieldTest {
    @Test
    void orderIsTheP256GroupOrder() {
        assertThat(ScalarField.ORDER.toString(16))
                .isEqualTo("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    }

    @Test
    void divisionInvertsMultiplication() {
        qt().withFixedSeed(11L).withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            SecureRandom rng = new SeededRandom(seed);
            BigInteger a = ScalarField.random(rng);
            BigInteger b = ScalarField.randomNonZero(rng);
            assertThat(ScalarField.multiply(ScalarField.multiply(a, b), ScalarField.inverse(b))).isEqualTo(a);
        });
    }

    @Test
    void multiplicationDistributesOverAddition() {
        qt().withFixedSeed(12L).withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            SecureRandom rng = new SeededRandom(seed);
            BigInteger a = ScalarField.random(rng);
            BigInteger b = ScalarField.random(rng);
            BigInteger c = ScalarField.random(rng);
            assertThat(ScalarField.multiply(a, ScalarField.add(b, c)))
                    .isEqualTo(ScalarField.add(ScalarField.multiply(a, b), ScalarField.multiply(a, c)));
            assertThat(ScalarField.subtract(ScalarField.add(a, b), b)).isEqualTo(a);
        });
    }

    @Test
    void zeroHasNoInverse() {
        assertThatThrownBy(() -> ScalarField.inverse(ScalarField.ORDER)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void interpolationAtZeroGivesTheConstantTermOfAnyLowDegreePolynomial() {
        qt().withFixedSeed(13L).withExamples(100)
                .forAll(integers().between(1, 12), integers().between(0, 8), longs().all())
                .checkAssert((threshold, extraPoints, seed) -> {
                    SecureRandom rng = new SeededRandom(seed);
                    BigInteger constant = ScalarField.random(rng);
                    Polynomial f = Polynomial.random(constant, threshold, rng);
                    Map<Integer, BigInteger> points = new LinkedHashMap<>();
                    for (int x = 1; x <= threshold + extraPoints; x++) {
                        int spreadX = (x * 37) % 256 == 0 ? 1 : (x * 37) % 256;
                        points.putIfAbsent(spreadX, f.evaluate(spreadX));
                    }
                    assertThat(Lagrange.interpolateAtZero(points)).isEqualTo(constant);
                });
    }

    @Test
    void lagrangeCoefficientsAtZeroSumToOne() {
        List<Integer> xs = List.of(2, 5, 9, 255);
        BigInteger sum = BigInteger.ZERO;
        for (int i : xs) {
            sum = ScalarField.add(sum, Lagrange.coefficientAtZero(i, xs));
        }
        assertThat(sum).isEqualTo(BigInteger.ONE);
    }

    @Test
    void polynomialEvaluatesByHorner() {
        Polynomial f = Polynomial.of(BigInteger.valueOf(5), BigInteger.valueOf(3), BigInteger.TWO);
        assertThat(f.evaluate(4)).isEqualTo(BigInteger.valueOf(5 + 3 * 4 + 2 * 16));
    }

    @Test
    void commitmentEvaluationMatchesPolynomialEvaluationTimesG() {
        SecureRandom rng = new SeededRandom(14);
        Polynomial f = Polynomial.random(ScalarField.randomNonZero(rng), 5, rng);
        Commitments commitments = f.commitments();
        for (int x : List.of(1, 2, 17, 255)) {
            assertThat(commitments.evaluate(x)).isEqualTo(CurveGroup.baseTimes(f.evaluate(x)));
        }
    }
}
