package dev.dkg.vss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeldmanTest {
    private final SecureRandom random = new SeededRandom(1);

    static BigInteger interpolate(List<Share> shares) {
        Map<Integer, BigInteger> points = new LinkedHashMap<>();
        for (Share share : shares) {
            points.put(share.x(), share.y());
        }
        return Lagrange.interpolateAtZero(points);
    }

    @Test
    void everySubsetAtOrAboveThresholdRecoversAndEverySubsetBelowDoesNot() throws Exception {
        for (int n = 2; n <= 6; n++) {
            for (int t = 2; t <= n; t++) {
                Secret secret = Feldman.randomSecret(random);
                Dealing dealing = Feldman.split(secret, t, n, random);
                for (List<Share> subset : Subsets.nonEmpty(dealing.shares())) {
                    if (subset.size() >= t) {
                        assertThat(Feldman.combine(subset, dealing.commitments())).isEqualTo(secret);
                        assertThat(Feldman.combineUnverified(subset, t)).isEqualTo(secret);
                    } else {
                        assertThat(interpolate(subset)).isNotEqualTo(secret.value());
                        int threshold = t;
                        assertThatThrownBy(() -> Feldman.combine(subset, dealing.commitments()))
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("need at least " + threshold);
                    }
                }
            }
        }
    }

    @Test
    void commitmentsVerifyEveryDealtShare() throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 3, 6, random);
        for (Share share : dealing.shares()) {
            dealing.commitments().verify(share);
        }
        assertThat(dealing.commitments().threshold()).isEqualTo(3);
        assertThat(dealing.shares()).extracting(Share::x).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void secretCommitmentIsSecretTimesG() {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 2, 3, random);
        assertThat(dealing.commitments().secretCommitment()).isEqualTo(secret.publicPoint());
    }

    @Test
    void rejectsShareWithChangedValueNamingItsX() {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 3, 5, random);
        for (Share share : dealing.shares()) {
            Share changed = new Share(share.x(), ScalarField.add(share.y(), BigInteger.ONE));
            assertThatThrownBy(() -> dealing.commitments().verify(changed))
                    .isInstanceOf(ShareVerificationException.class)
                    .satisfies(e -> assertThat(((ShareVerificationException) e).x()).isEqualTo(share.x()))
                    .hasMessageContaining("x=" + share.x());
        }
    }

    @Test
    void rejectsShareMovedToAnotherX() {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 3, 5, random);
        for (Share share : dealing.shares()) {
            Share moved = new Share(share.x() % 5 + 1, share.y());
            assertThatThrownBy(() -> dealing.commitments().verify(moved))
                    .isInstanceOf(ShareVerificationException.class);
        }
    }

    @Test
    void rejectsSharesAgainstAnotherDealingsCommitments() {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 3, 5, random);
        Dealing other = Feldman.split(secret, 3, 5, random);
        for (Share share : dealing.shares()) {
            assertThatThrownBy(() -> other.commitments().verify(share))
                    .isInstanceOf(ShareVerificationException.class);
        }
    }

    @Test
    void rejectsSharesAgainstCommitmentsInSwappedOrderExceptAtXOne() throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 3, 5, random);
        List<CurvePoint> swapped = new ArrayList<>(dealing.commitments().points());
        Collections.swap(swapped, 1, 2);
        Commitments swappedCommitments = new Commitments(swapped);
        for (Share share : dealing.shares().subList(1, 5)) {
            assertThatThrownBy(() -> swappedCommitments.verify(share))
                    .isInstanceOf(ShareVerificationException.class);
        }
        // At x = 1 every x^j is 1, so the sum ignores the order: a swap there is invisible to one share,
        // and only holders at other x (or the changed C_0 of a swap involving it) reveal it.
        swappedCommitments.verify(dealing.shares().get(0));
    }

    @Test
    void combineNamesTheBadShare() {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 3, 5, random);
        List<Share> shares = new ArrayList<>(dealing.shares().subList(0, 3));
        shares.set(1, new Share(2, ScalarField.add(shares.get(1).y(), BigInteger.TWO)));
        assertThatThrownBy(() -> Feldman.combine(shares, dealing.commitments()))
                .isInstanceOf(ShareVerificationException.class)
                .satisfies(e -> assertThat(((ShareVerificationException) e).x()).isEqualTo(2));
    }

    @Test
    void combineUnverifiedSilentlyGivesAWrongSecretFromABadShare() {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 2, 3, random);
        Share bad = new Share(1, ScalarField.add(dealing.shares().get(0).y(), BigInteger.ONE));
        assertThat(Feldman.combineUnverified(List.of(bad, dealing.shares().get(1)), 2)).isNotEqualTo(secret);
    }

    @Test
    void combineRejectsRepeatedX() {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 2, 3, random);
        Share first = dealing.shares().get(0);
        assertThatThrownBy(() -> Feldman.combine(List.of(first, first), dealing.commitments()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x=1 appears twice");
        assertThatThrownBy(() -> Feldman.combineUnverified(List.of(first, first, dealing.shares().get(1)), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
    }

    @Test
    void combineUnverifiedRejectsFewerThanThresholdOrBadThreshold() {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 3, 3, random);
        assertThatThrownBy(() -> Feldman.combineUnverified(dealing.shares().subList(0, 2), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need at least 3");
        assertThatThrownBy(() -> Feldman.combineUnverified(dealing.shares(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
    }

    @Test
    void zeroXCannotBeAShare() {
        assertThatThrownBy(() -> new Share(0, BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..255");
    }

    @Test
    void splitChecksThresholdAndCountUpFront() {
        Secret secret = Feldman.randomSecret(random);
        assertThatThrownBy(() -> Feldman.split(secret, 1, 3, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threshold must be >= 2, not 1");
        assertThatThrownBy(() -> Feldman.split(secret, 4, 3, random))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("share count must be >= threshold (4), not 3");
        assertThatThrownBy(() -> Feldman.split(secret, 2, 256, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("share count must be <= 255, not 256");
    }

    @Test
    void splitsAtTheLargestSizes() throws Exception {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 2, 255, random);
        assertThat(dealing.shares()).hasSize(255);
        assertThat(Feldman.combine(dealing.shares().subList(253, 255), dealing.commitments())).isEqualTo(secret);
        Dealing wide = Feldman.split(secret, 255, 255, random);
        assertThat(Feldman.combineUnverified(wide.shares(), 255)).isEqualTo(secret);
        assertThat(Commitments.fromBytes(wide.commitments().toBytes())).isEqualTo(wide.commitments());
    }

    @Test
    void sharesTheExtremeSecrets() throws Exception {
        for (BigInteger value : List.of(BigInteger.ONE, ScalarField.ORDER.subtract(BigInteger.ONE))) {
            Secret secret = new Secret(value);
            Dealing dealing = Feldman.split(secret, 3, 4, random);
            assertThat(Feldman.combine(dealing.shares().subList(1, 4), dealing.commitments())).isEqualTo(secret);
        }
    }

    @Test
    void sameSeedGivesSameDealing() {
        Dealing a = Feldman.split(Feldman.randomSecret(new SeededRandom(7)), 3, 4, new SeededRandom(8));
        Dealing b = Feldman.split(Feldman.randomSecret(new SeededRandom(7)), 3, 4, new SeededRandom(8));
        assertThat(a.shares()).isEqualTo(b.shares());
        assertThat(a.commitments()).isEqualTo(b.commitments());
    }

    @Test
    void anyThresholdOfSharesRecoversAndOneFewerDoesNot() {
        qt().withFixedSeed(20240601L).withExamples(60)
                .forAll(integers().between(2, 20), integers().between(2, 20), longs().all())
                .assuming((t, n, seed) -> t <= n)
                .checkAssert((t, n, seed) -> {
                    SecureRandom rng = new SeededRandom(seed);
                    Secret secret = Feldman.randomSecret(rng);
                    Dealing dealing = Feldman.split(secret, t, n, rng);
                    List<Share> shuffled = new ArrayList<>(dealing.shares());
                    Collections.shuffle(shuffled, new java.util.Random(seed));
                    try {
                        assertThat(Feldman.combine(shuffled.subList(0, t), dealing.commitments())).isEqualTo(secret);
                    } catch (ShareVerificationException e) {
                        throw new AssertionError("honest share rejected", e);
                    }
                    assertThat(interpolate(shuffled.subList(0, t - 1))).isNotEqualTo(secret.value());
                });
    }

    @Test
    void everyDealtShareVerifiesAndAnyChangedOneDoesNot() {
        qt().withFixedSeed(20240602L).withExamples(40)
                .forAll(integers().between(2, 20), integers().between(2, 20), longs().all())
                .assuming((t, n, seed) -> t <= n)
                .checkAssert((t, n, seed) -> {
                    SecureRandom rng = new SeededRandom(seed);
                    Dealing dealing = Feldman.split(Feldman.randomSecret(rng), t, n, rng);
                    for (Share share : dealing.shares()) {
                        try {
                            dealing.commitments().verify(share);
                        } catch (ShareVerificationException e) {
                            throw new AssertionError("honest share rejected", e);
                        }
                    }
                    Share victim = dealing.shares().get((int) Math.floorMod(seed, (long) n));
                    Share changed = new Share(victim.x(), ScalarField.add(victim.y(), ScalarField.randomNonZero(rng)));
                    assertThatThrownBy(() -> dealing.commitments().verify(changed))
                            .isInstanceOf(ShareVerificationException.class);
                });
    }

    @Test
    void randomSecretsAreNonZeroAndDistinct() {
        Secret a = Feldman.randomSecret(random);
        Secret b = Feldman.randomSecret(random);
        assertThat(a).isNotEqualTo(b);
        assertThat(a.value().signum()).isPositive();
    }

    @Test
    void randomNonZeroSkipsZeroAndOutOfRangeDraws() {
        // Feeds all-ones (>= q, rejected), then all-zeros (zero, rejected), then 0...01.
        SecureRandom scripted = new SecureRandom() {
            private static final long serialVersionUID = 1L;
            private int calls;

            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) (calls == 0 ? 0xff : 0));
                if (calls == 2) {
                    bytes[bytes.length - 1] = 1;
                }
                calls++;
            }
        };
        assertThat(Feldman.randomSecret(scripted).value()).isEqualTo(BigInteger.ONE);
    }
}
