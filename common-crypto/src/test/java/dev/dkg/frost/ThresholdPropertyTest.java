package dev.dkg.frost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shamir's laws on a 3-of-5 sharing: every 3-subset gives the secret back, no 2-subset does. */
class ThresholdPropertyTest {
    /** Every k-subset of 1..n, each sorted ascending. */
    static List<List<Integer>> subsets(int n, int k) {
        List<List<Integer>> out = new ArrayList<>();
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) == k) {
                List<Integer> subset = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << i)) != 0) {
                        subset.add(i + 1);
                    }
                }
                out.add(subset);
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void everyThreeSubsetInterpolatesToTheSecretAndNoTwoSubsetDoes(Ciphersuite suite) throws Exception {
        SecureRandom random = new SecureRandom();
        for (int trial = 0; trial < 5; trial++) {
            BigInteger secret = suite.randomNonZeroScalar(random);
            TrustedDealer.Keys keys = TrustedDealer.deal(suite, secret, 5, 3, random);
            for (SecretShare share : keys.shares()) {
                keys.commitment().verifyShare(share, 1);
            }
            assertThat(subsets(5, 3)).hasSize(10);
            for (List<Integer> subset : subsets(5, 3)) {
                assertThat(Lagrange.interpolateAtZero(suite, pick(keys, subset))).as("%s", subset).isEqualTo(secret);
            }
            assertThat(subsets(5, 2)).hasSize(10);
            for (List<Integer> subset : subsets(5, 2)) {
                assertThat(Lagrange.interpolateAtZero(suite, pick(keys, subset))).as("%s", subset).isNotEqualTo(secret);
            }
            // Four or five shares interpolate to the same secret too.
            assertThat(Lagrange.interpolateAtZero(suite, keys.shares())).isEqualTo(secret);
        }
    }

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void lagrangeCoefficientsOfASetSumToOne(Ciphersuite suite) {
        for (List<Integer> subset : subsets(6, 4)) {
            BigInteger sum = BigInteger.ZERO;
            for (int i : subset) {
                sum = sum.add(Lagrange.coefficient(suite, i, subset));
            }
            assertThat(sum.mod(suite.order())).isEqualTo(BigInteger.ONE);
        }
    }

    private static List<SecretShare> pick(TrustedDealer.Keys keys, List<Integer> ids) {
        return ids.stream().map(i -> keys.shares().get(i - 1)).toList();
    }
}
