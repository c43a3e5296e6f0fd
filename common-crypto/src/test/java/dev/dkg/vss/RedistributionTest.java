package dev.dkg.vss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedistributionTest {
    private final SecureRandom random = new SeededRandom(3);

    /** The outcome of one redistribution as every new holder computed it. */
    private record Outcome(List<Share> shares, Commitments commitments) {}

    private static Share shareAt(List<Share> shares, int x) {
        return shares.stream().filter(s -> s.x() == x).findFirst().orElseThrow();
    }

    /** Runs the whole protocol: each sender sub-shares, each recipient verifies and combines on its own. */
    private Outcome redistribute(List<Share> oldShares, Commitments oldCommitments, List<Integer> senders,
            int newThreshold, List<Integer> recipients) throws GeneralSecurityException {
        Redistribution plan = new Redistribution(oldCommitments, senders, newThreshold, recipients);
        List<SubSharing> subSharings = new ArrayList<>();
        Map<Integer, Commitments> published = new HashMap<>();
        for (int i : senders) {
            SubSharing subSharing = plan.subShare(shareAt(oldShares, i), random);
            subSharings.add(subSharing);
            published.put(i, subSharing.commitments());
        }
        List<Share> newShares = new ArrayList<>();
        Commitments agreed = null;
        for (int j : recipients) {
            List<SubShare> received = new ArrayList<>();
            for (SubSharing subSharing : subSharings) {
                // Through the wire encoding, as the holder would receive it.
                received.add(SubShare.fromBytes(subSharing.subShareFor(j).toBytes()));
            }
            newShares.add(plan.combineSubShares(received, published));
            Commitments mine = plan.combineCommitments(published);
            if (agreed != null) {
                assertThat(mine).isEqualTo(agreed);
            }
            agreed = mine;
        }
        return new Outcome(newShares, agreed);
    }

    private static void assertEveryQualifiedSubsetRecovers(Outcome outcome, int threshold, Secret secret)
            throws ShareVerificationException {
        assertThat(outcome.commitments().threshold()).isEqualTo(threshold);
        for (List<Share> subset : Subsets.nonEmpty(outcome.shares())) {
            if (subset.size() >= threshold) {
                assertThat(Feldman.combine(subset, outcome.commitments())).isEqualTo(secret);
            } else {
                assertThat(FeldmanTest.interpolate(subset)).isNotEqualTo(secret.value());
            }
        }
    }

    @Test
    void threeOfFiveToTwoOfThreeWithOverlappingHolders() throws Exception {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 3, 5, random);
        Outcome outcome = redistribute(dealing.shares(), dealing.commitments(), List.of(1, 3, 5), 2, List.of(4, 5, 6));
        assertThat(outcome.commitments().secretCommitment()).isEqualTo(dealing.commitments().secretCommitment());
        assertEveryQualifiedSubsetRecovers(outcome, 2, secret);
    }

    @Test
    void threeOfFiveToTwoOfThreeWithFreshHolders() throws Exception {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 3, 5, random);
        Outcome outcome = redistribute(dealing.shares(), dealing.commitments(), List.of(2, 3, 4), 2, List.of(7, 8, 9));
        assertEveryQualifiedSubsetRecovers(outcome, 2, secret);
    }

    @Test
    void twoOfThreeToFourOfSixRaisesTheThreshold() throws Exception {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 2, 3, random);
        Outcome overlapping = redistribute(dealing.shares(), dealing.commitments(), List.of(1, 3), 4,
                List.of(1, 2, 3, 4, 5, 6));
        assertEveryQualifiedSubsetRecovers(overlapping, 4, secret);
        Outcome fresh = redistribute(dealing.shares(), dealing.commitments(), List.of(2, 3), 4,
                List.of(10, 11, 12, 13, 14, 15));
        assertEveryQualifiedSubsetRecovers(fresh, 4, secret);
    }

    @Test
    void everyQualifiedSenderSetGivesAWorkingSharing() throws Exception {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 2, 4, random);
        for (List<Integer> senders : Subsets.nonEmpty(List.of(1, 2, 3, 4))) {
            if (senders.size() >= 2) {
                Outcome outcome = redistribute(dealing.shares(), dealing.commitments(), senders, 2, List.of(5, 6, 7));
                assertThat(Feldman.combine(outcome.shares().subList(0, 2), outcome.commitments())).isEqualTo(secret);
            }
        }
    }

    @Test
    void oldSharesDoNotCombineWithRedistributedOnesAtTheSameX() throws Exception {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 2, 3, random);
        Outcome outcome = redistribute(dealing.shares(), dealing.commitments(), List.of(1, 2), 2, List.of(1, 2, 3));
        for (int oldX = 1; oldX <= 3; oldX++) {
            for (int newX = 1; newX <= 3; newX++) {
                if (oldX != newX) {
                    List<Share> mix = List.of(shareAt(dealing.shares(), oldX), shareAt(outcome.shares(), newX));
                    assertThat(Feldman.combineUnverified(mix, 2)).isNotEqualTo(secret);
                }
            }
        }
    }

    @Test
    void redistributionThenRefreshThenRedistributionStillRecovers() throws Exception {
        Secret secret = Feldman.randomSecret(random);
        Dealing dealing = Feldman.split(secret, 3, 4, random);
        Outcome first = redistribute(dealing.shares(), dealing.commitments(), List.of(1, 2, 4), 2, List.of(6, 7, 8));
        Refresh refresh = Refresh.create(first.commitments(), List.of(6, 7, 8), random);
        List<Share> refreshed = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            refreshed.add(Refresh.refreshShare(first.shares().get(k), first.commitments(), refresh.deltas().get(k),
                    refresh.commitments()));
        }
        Commitments refreshedCommitments = Refresh.refreshCommitments(first.commitments(), refresh.commitments());
        Outcome second = redistribute(refreshed, refreshedCommitments, List.of(6, 8), 3, List.of(1, 2, 3, 4, 5));
        assertEveryQualifiedSubsetRecovers(second, 3, secret);
    }

    @Test
    void tamperedSubShareIsCaughtAndItsSenderNamed() throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 3, 5, random);
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2, 3), 2, List.of(6, 7, 8));
        Map<Integer, Commitments> published = new HashMap<>();
        List<SubShare> forSeven = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            SubSharing subSharing = plan.subShare(dealing.shares().get(i - 1), random);
            published.put(i, subSharing.commitments());
            SubShare honest = subSharing.subShareFor(7);
            forSeven.add(i == 2 ? new SubShare(2, 7, ScalarField.add(honest.value(), BigInteger.ONE)) : honest);
        }
        assertThatThrownBy(() -> plan.verify(forSeven.get(1), published.get(2)))
                .isInstanceOf(ShareVerificationException.class)
                .hasMessageContaining("sub-share from x=2 to x=7")
                .satisfies(e -> assertThat(((ShareVerificationException) e).x()).isEqualTo(2));
        plan.verify(forSeven.get(0), published.get(1));
        plan.verify(forSeven.get(2), published.get(3));
        assertThatThrownBy(() -> plan.combineSubShares(forSeven, published))
                .isInstanceOf(ShareVerificationException.class)
                .satisfies(e -> assertThat(((ShareVerificationException) e).x()).isEqualTo(2));
    }

    @Test
    void oldHolderSubSharingAWrongShareIsCaughtByTheOldCommitments() throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 3, 5, random);
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2, 3), 2, List.of(6, 7, 8));
        // Holder 2 shares s_2 + 1 with a self-consistent polynomial: its sub-shares match its own E_2.
        BigInteger wrong = ScalarField.add(dealing.shares().get(1).y(), BigInteger.ONE);
        Polynomial cheat = Polynomial.random(wrong, 2, random);
        Commitments cheatCommitments = cheat.commitments();
        SubShare toSeven = new SubShare(2, 7, cheat.evaluate(7));
        assertThat(CurveGroup.baseTimes(toSeven.value())).isEqualTo(cheatCommitments.evaluate(7));

        assertThatThrownBy(() -> plan.verify(toSeven, cheatCommitments))
                .isInstanceOf(ShareVerificationException.class)
                .hasMessageContaining("old commitments")
                .satisfies(e -> assertThat(((ShareVerificationException) e).x()).isEqualTo(2));

        Map<Integer, Commitments> published = new HashMap<>();
        published.put(1, plan.subShare(dealing.shares().get(0), random).commitments());
        published.put(2, cheatCommitments);
        published.put(3, plan.subShare(dealing.shares().get(2), random).commitments());
        assertThatThrownBy(() -> plan.combineCommitments(published))
                .isInstanceOf(ShareVerificationException.class)
                .satisfies(e -> assertThat(((ShareVerificationException) e).x()).isEqualTo(2));
    }

    @Test
    void subSharingOfTheWrongDegreeIsCaughtAndItsSenderNamed() throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 2, 3, random);
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2), 2, List.of(4, 5, 6));
        // Right s_1, but degree 2 instead of 1: it would quietly raise the new threshold.
        Polynomial tooHigh = Polynomial.random(dealing.shares().get(0).y(), 3, random);
        SubShare toFour = new SubShare(1, 4, tooHigh.evaluate(4));
        assertThatThrownBy(() -> plan.verify(toFour, tooHigh.commitments()))
                .isInstanceOf(ShareVerificationException.class)
                .hasMessage("sub-sharing from x=1 has threshold 3, expected 2")
                .satisfies(e -> assertThat(((ShareVerificationException) e).x()).isEqualTo(1));
    }

    @Test
    void sendersCommitmentsAreNotInterchangeable() throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 2, 3, random);
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2), 2, List.of(4, 5, 6));
        SubSharing one = plan.subShare(dealing.shares().get(0), random);
        SubSharing two = plan.subShare(dealing.shares().get(1), random);
        assertThatThrownBy(() -> plan.verify(one.subShareFor(4), two.commitments()))
                .isInstanceOf(ShareVerificationException.class)
                .satisfies(e -> assertThat(((ShareVerificationException) e).x()).isEqualTo(1));
    }

    @Test
    void combiningCommitmentsThatCancelIsRefused() throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 2, 3, random);
        List<Integer> senders = List.of(1, 2);
        Redistribution plan = new Redistribution(dealing.commitments(), senders, 2, List.of(4, 5));
        // Sender 2 picks its slope so that λ_1·g_{1,1} + λ_2·g_{2,1} = 0: C'_1 would be the identity.
        BigInteger lambda1 = Lagrange.coefficientAtZero(1, senders);
        BigInteger lambda2 = Lagrange.coefficientAtZero(2, senders);
        BigInteger slope1 = ScalarField.randomNonZero(random);
        BigInteger slope2 = ScalarField.subtract(BigInteger.ZERO,
                ScalarField.multiply(ScalarField.multiply(lambda1, slope1), ScalarField.inverse(lambda2)));
        Map<Integer, Commitments> published = new HashMap<>();
        published.put(1, Polynomial.of(dealing.shares().get(0).y(), slope1).commitments());
        published.put(2, Polynomial.of(dealing.shares().get(1).y(), slope2).commitments());
        assertThatThrownBy(() -> plan.combineCommitments(published))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("combined commitment C'_1 is the identity point");
    }

    @Test
    void oldHolderRefusesToSubShareACorruptedShare() {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 2, 3, random);
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2), 2, List.of(4, 5));
        Share corrupted = new Share(1, ScalarField.add(dealing.shares().get(0).y(), BigInteger.ONE));
        assertThatThrownBy(() -> plan.subShare(corrupted, random))
                .isInstanceOf(ShareVerificationException.class).hasMessageContaining("share x=1");
    }

    @Test
    void onlyPlannedSendersMaySubShare() {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 2, 3, random);
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2), 2, List.of(4, 5));
        assertThatThrownBy(() -> plan.subShare(dealing.shares().get(2), random))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x=3 is not one of the senders [1, 2]");
    }

    @Test
    void combineSubSharesInsistsOnExactlyOneFromEachSenderForOneRecipient() throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 2, 3, random);
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2), 2, List.of(4, 5));
        SubSharing one = plan.subShare(dealing.shares().get(0), random);
        SubSharing two = plan.subShare(dealing.shares().get(1), random);
        Map<Integer, Commitments> published = Map.of(1, one.commitments(), 2, two.commitments());

        assertThatThrownBy(() -> plan.combineSubShares(List.of(one.subShareFor(4)), published))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected exactly the senders");
        assertThatThrownBy(() -> plan.combineSubShares(List.of(one.subShareFor(4), one.subShareFor(4)), published))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two sub-shares from x=1");
        assertThatThrownBy(() -> plan.combineSubShares(List.of(one.subShareFor(4), two.subShareFor(5)), published))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different recipients");
        assertThatThrownBy(() -> plan.combineSubShares(List.of(one.subShareFor(4), two.subShareFor(4)),
                Map.of(1, one.commitments())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sender commitments");
        assertThatThrownBy(() -> plan.combineSubShares(List.of(), published))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no sub-shares");
        assertThat(plan.combineSubShares(List.of(two.subShareFor(4), one.subShareFor(4)), published).x()).isEqualTo(4);
    }

    @Test
    void verifyRefusesSubSharesOutsideThePlan() throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 2, 3, random);
        Redistribution plan = new Redistribution(dealing.commitments(), List.of(1, 2), 2, List.of(4, 5));
        SubSharing one = plan.subShare(dealing.shares().get(0), random);
        SubShare toNine = new SubShare(1, 9, one.subShareFor(4).value());
        assertThatThrownBy(() -> plan.verify(toNine, one.commitments()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x=9 is not a recipient");
        SubShare fromThree = new SubShare(3, 4, one.subShareFor(4).value());
        assertThatThrownBy(() -> plan.verify(fromThree, one.commitments()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x=3 is not one of the senders");
    }

    @Test
    void planChecksItsParametersUpFront() {
        Dealing dealing = Feldman.split(Feldman.randomSecret(random), 3, 5, random);
        Commitments c = dealing.commitments();
        assertThatThrownBy(() -> new Redistribution(c, List.of(1, 2), 2, List.of(6, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("need at least 3 old holders as senders, got 2");
        assertThatThrownBy(() -> new Redistribution(c, List.of(1, 2, 2), 2, List.of(6, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sender x 2 appears twice");
        assertThatThrownBy(() -> new Redistribution(c, List.of(1, 2, 3), 3, List.of(6, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("share count must be >= threshold (3), not 2");
        assertThatThrownBy(() -> new Redistribution(c, List.of(1, 2, 3), 1, List.of(6, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threshold must be >= 2, not 1");
        assertThatThrownBy(() -> new Redistribution(c, List.of(1, 2, 3), 2, List.of(0, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("recipient x must be in 1..255, not 0");
        Redistribution plan = new Redistribution(c, List.of(3, 1, 2), 2, List.of(7, 6));
        assertThat(plan.senderXs()).containsExactly(1, 2, 3);
        assertThat(plan.recipientXs()).containsExactly(6, 7);
    }

    @Test
    void anyRedistributionKeepsTheSecretForAnyNewThreshold() {
        qt().withFixedSeed(20240603L).withExamples(25)
                .forAll(integers().between(2, 6), integers().between(2, 6), integers().between(0, 3), longs().all())
                .checkAssert((oldThreshold, newThreshold, spare, seed) -> {
                    SecureRandom rng = new SeededRandom(seed);
                    Secret secret = Feldman.randomSecret(rng);
                    Dealing dealing = Feldman.split(secret, oldThreshold, oldThreshold + spare, rng);
                    List<Integer> oldXs = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9).subList(0, oldThreshold + spare));
                    Collections.shuffle(oldXs, new java.util.Random(seed));
                    // Recipients start somewhere in 1..10, so they overlap the old holders or not.
                    int firstRecipient = 1 + (int) Math.floorMod(seed, 10L);
                    List<Integer> recipients = new ArrayList<>();
                    for (int k = 0; k < newThreshold + spare; k++) {
                        recipients.add(firstRecipient + k);
                    }
                    try {
                        Outcome outcome = redistribute(dealing.shares(), dealing.commitments(),
                                oldXs.subList(0, oldThreshold), newThreshold, recipients);
                        List<Share> shuffled = new ArrayList<>(outcome.shares());
                        Collections.shuffle(shuffled, new java.util.Random(seed + 1));
                        assertThat(Feldman.combine(shuffled.subList(0, newThreshold), outcome.commitments()))
                                .isEqualTo(secret);
                        assertThat(FeldmanTest.interpolate(shuffled.subList(0, newThreshold - 1)))
                                .isNotEqualTo(secret.value());
                    } catch (GeneralSecurityException e) {
                        throw new AssertionError("honest redistribution refused", e);
                    }
                });
    }
}
