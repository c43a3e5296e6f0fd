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
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshTest {
    private final SecureRandom random = new SeededRandom(2);
    private final Secret secret = Feldman.randomSecret(random);
    private final Dealing dealing = Feldman.split(secret, 3, 5, random);
    private final List<Integer> holders = List.of(1, 2, 3, 4, 5);

    /** Each holder's own view: refresh its share and compute the new commitments. */
    private List<Share> refreshAll(List<Share> shares, Commitments current, Refresh refresh) throws Exception {
        List<Share> refreshed = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            refreshed.add(Refresh.refreshShare(shares.get(i), current, refresh.deltas().get(i), refresh.commitments()));
        }
        return refreshed;
    }

    @Test
    void refreshedSharesRecoverTheSameSecretFromEverySubsetAtThreshold() throws Exception {
        Refresh refresh = Refresh.create(dealing.commitments(), holders, random);
        List<Share> refreshed = refreshAll(dealing.shares(), dealing.commitments(), refresh);
        Commitments newCommitments = Refresh.refreshCommitments(dealing.commitments(), refresh.commitments());
        for (List<Share> subset : Subsets.nonEmpty(refreshed)) {
            if (subset.size() >= 3) {
                assertThat(Feldman.combine(subset, newCommitments)).isEqualTo(secret);
            } else {
                assertThat(FeldmanTest.interpolate(subset)).isNotEqualTo(secret.value());
            }
        }
    }

    @Test
    void refreshChangesEveryShare() throws Exception {
        Refresh refresh = Refresh.create(dealing.commitments(), holders, random);
        List<Share> refreshed = refreshAll(dealing.shares(), dealing.commitments(), refresh);
        for (int i = 0; i < refreshed.size(); i++) {
            assertThat(refreshed.get(i)).isNotEqualTo(dealing.shares().get(i));
            assertThat(refreshed.get(i).x()).isEqualTo(dealing.shares().get(i).x());
        }
    }

    @Test
    void mixesOfOldAndRefreshedSharesDoNotRecoverTheSecret() throws Exception {
        Refresh refresh = Refresh.create(dealing.commitments(), holders, random);
        List<Share> refreshed = refreshAll(dealing.shares(), dealing.commitments(), refresh);
        int mixes = 0;
        for (List<Integer> indices : Subsets.nonEmpty(List.of(0, 1, 2, 3, 4))) {
            if (indices.size() != 3) {
                continue;
            }
            // Every way of taking some from the old sharing and the rest from the new, at distinct x.
            for (int oldMask = 1; oldMask < 7; oldMask++) {
                List<Share> mix = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    int i = indices.get(k);
                    mix.add((oldMask & (1 << k)) != 0 ? dealing.shares().get(i) : refreshed.get(i));
                }
                assertThat(Feldman.combineUnverified(mix, 3)).isNotEqualTo(secret);
                mixes++;
            }
        }
        assertThat(mixes).isEqualTo(60);
    }

    @Test
    void refreshedCommitmentsKeepC0AndVerifyOnlyRefreshedShares() throws Exception {
        Refresh refresh = Refresh.create(dealing.commitments(), holders, random);
        List<Share> refreshed = refreshAll(dealing.shares(), dealing.commitments(), refresh);
        Commitments newCommitments = Refresh.refreshCommitments(dealing.commitments(), refresh.commitments());
        assertThat(newCommitments.secretCommitment()).isEqualTo(dealing.commitments().secretCommitment());
        assertThat(newCommitments).isNotEqualTo(dealing.commitments());
        for (int i = 0; i < refreshed.size(); i++) {
            newCommitments.verify(refreshed.get(i));
            Share old = dealing.shares().get(i);
            assertThatThrownBy(() -> newCommitments.verify(old)).isInstanceOf(ShareVerificationException.class);
        }
    }

    @Test
    void repeatedRefreshesStillRecover() throws Exception {
        List<Share> shares = dealing.shares();
        Commitments commitments = dealing.commitments();
        for (int round = 0; round < 3; round++) {
            Refresh refresh = Refresh.create(commitments, holders, random);
            shares = refreshAll(shares, commitments, refresh);
            commitments = Refresh.refreshCommitments(commitments, refresh.commitments());
        }
        assertThat(Feldman.combine(shares.subList(2, 5), commitments)).isEqualTo(secret);
    }

    @Test
    void rejectsTamperedDeltaNamingTheHolder() {
        Refresh refresh = Refresh.create(dealing.commitments(), holders, random);
        RefreshDelta good = refresh.deltas().get(3);
        RefreshDelta tampered = new RefreshDelta(good.x(), ScalarField.add(good.value(), BigInteger.ONE));
        assertThatThrownBy(() -> Refresh.refreshShare(dealing.shares().get(3), dealing.commitments(), tampered,
                refresh.commitments()))
                .isInstanceOf(ShareVerificationException.class)
                .hasMessageContaining("refresh delta for x=4")
                .satisfies(e -> assertThat(((ShareVerificationException) e).x()).isEqualTo(4));
    }

    @Test
    void rejectsDeltaAgainstAnotherRefreshsCommitments() {
        Refresh refresh = Refresh.create(dealing.commitments(), holders, random);
        Refresh other = Refresh.create(dealing.commitments(), holders, random);
        assertThatThrownBy(() -> Refresh.refreshShare(dealing.shares().get(0), dealing.commitments(),
                refresh.deltas().get(0), other.commitments()))
                .isInstanceOf(ShareVerificationException.class);
    }

    @Test
    void rejectsDeltaForAnotherHolder() {
        Refresh refresh = Refresh.create(dealing.commitments(), holders, random);
        assertThatThrownBy(() -> Refresh.refreshShare(dealing.shares().get(0), dealing.commitments(),
                refresh.deltas().get(1), refresh.commitments()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("delta is for x=2, share is x=1");
    }

    @Test
    void rejectsRefreshCommitmentsOfAnotherThresholdWhichWouldRaiseTheDegree() {
        Dealing wider = Feldman.split(secret, 4, 5, random);
        Refresh refresh = Refresh.create(wider.commitments(), holders, random);
        assertThatThrownBy(() -> Refresh.refreshShare(dealing.shares().get(0), dealing.commitments(),
                refresh.deltas().get(0), refresh.commitments()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold 4");
        assertThatThrownBy(() -> Refresh.refreshCommitments(dealing.commitments(), refresh.commitments()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuseToRefreshAShareThatDoesNotMatchTheCurrentCommitments() {
        Refresh refresh = Refresh.create(dealing.commitments(), holders, random);
        Share corrupted = new Share(1, ScalarField.add(dealing.shares().get(0).y(), BigInteger.ONE));
        assertThatThrownBy(() -> Refresh.refreshShare(corrupted, dealing.commitments(), refresh.deltas().get(0),
                refresh.commitments()))
                .isInstanceOf(ShareVerificationException.class).hasMessageContaining("share x=1");
    }

    @Test
    void refusesRefreshCommitmentsThatCancelACommitment() {
        List<CurvePoint> cancelling = new ArrayList<>();
        cancelling.add(CurvePoint.of(dealing.commitments().points().get(1).raw().negate()));
        cancelling.add(dealing.commitments().points().get(2));
        RefreshCommitments hostile = new RefreshCommitments(cancelling);
        assertThatThrownBy(() -> Refresh.refreshCommitments(dealing.commitments(), hostile))
                .isInstanceOf(GeneralSecurityException.class).hasMessage("refresh commitment D_1 cancels C_1");
    }

    @Test
    void createChecksTheHolderSet() {
        assertThatThrownBy(() -> Refresh.create(dealing.commitments(), List.of(1, 2), random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share count must be >= threshold");
        assertThatThrownBy(() -> Refresh.create(dealing.commitments(), List.of(1, 2, 2, 3), random))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("holder x 2 appears twice");
        assertThatThrownBy(() -> Refresh.create(dealing.commitments(), List.of(0, 1, 2), random))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("holder x must be in 1..255, not 0");
    }

    @Test
    void deltasComeOnePerHolderInIncreasingX() {
        Refresh refresh = Refresh.create(dealing.commitments(), List.of(5, 3, 1, 2, 4), random);
        assertThat(refresh.deltas()).extracting(RefreshDelta::x).containsExactly(1, 2, 3, 4, 5);
        assertThat(refresh.commitments().points()).hasSize(2);
        assertThat(refresh.commitments().threshold()).isEqualTo(3);
    }

    @Test
    void anyRefreshKeepsTheSecretAndBreaksMixesWithOldShares() {
        qt().withFixedSeed(20240604L).withExamples(30)
                .forAll(integers().between(2, 20), integers().between(2, 20), longs().all())
                .assuming((t, n, seed) -> t <= n)
                .checkAssert((t, n, seed) -> {
                    SecureRandom rng = new SeededRandom(seed);
                    Secret s = Feldman.randomSecret(rng);
                    Dealing d = Feldman.split(s, t, n, rng);
                    List<Integer> xs = d.shares().stream().map(Share::x).toList();
                    Refresh refresh = Refresh.create(d.commitments(), xs, rng);
                    try {
                        List<Share> refreshed = refreshAll(d.shares(), d.commitments(), refresh);
                        Commitments next = Refresh.refreshCommitments(d.commitments(), refresh.commitments());
                        assertThat(Feldman.combine(refreshed.subList(n - t, n), next)).isEqualTo(s);
                        List<Share> mix = new ArrayList<>(refreshed.subList(0, t));
                        mix.set(0, d.shares().get(0));
                        assertThat(Feldman.combineUnverified(mix, t)).isNotEqualTo(s);
                    } catch (Exception e) {
                        throw new AssertionError("honest refresh refused", e);
                    }
                });
    }
}
