package dev.dkg.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DKG math run by n in-process participants: every check passes for honest ones, the result is a
 * t-of-n sharing of a key nobody dealt (checked only here, by interpolation), FROST signs with it, and
 * each kind of cheating is caught and names the cheater.
 */
class PedersenDkgTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CONTEXT = "round 7 | alice,bob,carol,dave,erin".getBytes(StandardCharsets.UTF_8);

    /** The outcome of an honest run: every participant's share, and the group commitment all agree on. */
    record Outcome(List<SecretShare> shares, VssCommitment group, List<PedersenDkg.Dealing> dealings) {
        TrustedDealer.Keys asKeys() {
            return new TrustedDealer.Keys(shares, group.constant(), group);
        }
    }

    static Outcome run(Ciphersuite suite, int n, int t) throws VerificationException {
        PedersenDkg dkg = new PedersenDkg(suite);
        List<PedersenDkg.Dealing> dealings = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            dealings.add(dkg.deal(i, t, CONTEXT, RANDOM));
        }
        List<SecretShare> shares = new ArrayList<>();
        for (int j = 1; j <= n; j++) {
            List<SecretShare> received = new ArrayList<>();
            for (PedersenDkg.Dealing dealing : dealings) {
                // What j receives travels as bytes: decode the public parts as a peer would.
                VssCommitment commitment = VssCommitment.fromBytes(suite, t, dealing.commitment().toBytes());
                ProofOfKnowledge proof = ProofOfKnowledge.fromBytes(suite, dealing.proof().toBytes());
                if (dealing.identifier() != j) {
                    dkg.verifyProof(dealing.identifier(), commitment, proof, CONTEXT);
                }
                SecretShare share = SecretShare.fromBytes(suite, j, dealing.polynomial().shareFor(j).toBytes());
                commitment.verifyShare(share, dealing.identifier());
                received.add(share);
            }
            shares.add(dkg.signingShare(j, received));
        }
        VssCommitment group = dkg.groupCommitment(dealings.stream().map(PedersenDkg.Dealing::commitment).toList());
        return new Outcome(shares, group, dealings);
    }

    @ParameterizedTest(name = "{0} {2}-of-{1}")
    @CsvSource({"ED25519, 3, 2", "SECP256K1, 5, 3", "P256, 3, 2", "ED25519, 5, 3"})
    void honestParticipantsGetATOfNSharingOfAKeyNobodyDealtAndCanSignWithIt(Ciphersuite suite, int n, int t)
            throws Exception {
        Outcome outcome = run(suite, n, t);
        Element groupKey = outcome.group().constant();
        Element sumOfConstants = suite.identity();
        for (PedersenDkg.Dealing d : outcome.dealings()) {
            sumOfConstants = sumOfConstants.add(d.commitment().constant());
        }
        assertThat(groupKey).isEqualTo(sumOfConstants);
        for (SecretShare share : outcome.shares()) {
            assertThat(outcome.group().evaluate(share.identifier())).isEqualTo(share.verificationShare());
        }
        // Only a test puts the secret together: any t shares give s with s·G = PK, t-1 do not.
        for (List<Integer> subset : ThresholdPropertyTest.subsets(n, t)) {
            BigInteger s = Lagrange.interpolateAtZero(suite, pick(outcome.shares(), subset));
            assertThat(suite.baseMultiply(s)).isEqualTo(groupKey);
        }
        for (List<Integer> subset : ThresholdPropertyTest.subsets(n, t - 1)) {
            if (!subset.isEmpty()) {
                BigInteger s = Lagrange.interpolateAtZero(suite, pick(outcome.shares(), subset));
                assertThat(suite.baseMultiply(s)).isNotEqualTo(groupKey);
            }
        }
        List<Integer> signers = ThresholdPropertyTest.subsets(n, t).get(0);
        Signature signature = SigningTest.signWith(new Frost(suite), outcome.asKeys(), signers, CONTEXT);
        new Frost(suite).verify(groupKey, CONTEXT, signature);
    }

    @Test
    void aProofForAnotherContextOrAnotherParticipantIsRefusedNamingItsSender() {
        Ciphersuite suite = Ciphersuite.ED25519;
        PedersenDkg dkg = new PedersenDkg(suite);
        PedersenDkg.Dealing bob = dkg.deal(2, 2, CONTEXT, RANDOM);
        // Replayed into another round.
        assertThatThrownBy(() -> dkg.verifyProof(2, bob.commitment(), bob.proof(), "round 8".getBytes()))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.culprit()).hasValue(2));
        // Copied by carol (3) as her own: she cannot prove knowledge of bob's secret.
        assertThatThrownBy(() -> dkg.verifyProof(3, bob.commitment(), bob.proof(), CONTEXT))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.culprit()).hasValue(3));
        // A tampered response.
        ProofOfKnowledge tampered = new ProofOfKnowledge(bob.proof().r(),
                bob.proof().mu().add(BigInteger.ONE).mod(suite.order()));
        assertThatThrownBy(() -> dkg.verifyProof(2, bob.commitment(), tampered, CONTEXT))
                .isInstanceOf(VerificationException.class).hasMessageContaining("proof of knowledge");
    }

    @Test
    void aRogueKeyWithoutKnowledgeOfItsSecretCannotBeProved() throws Exception {
        // Carol's rogue-key attack: she wants PK = her chosen X, so she commits C_30 = X - C_10 - C_20,
        // whose discrete log she does not know. Her best effort (a proof for a secret she does know) fails.
        Ciphersuite suite = Ciphersuite.SECP256K1;
        PedersenDkg dkg = new PedersenDkg(suite);
        PedersenDkg.Dealing alice = dkg.deal(1, 2, CONTEXT, RANDOM);
        PedersenDkg.Dealing bob = dkg.deal(2, 2, CONTEXT, RANDOM);
        BigInteger x = suite.randomNonZeroScalar(RANDOM);
        Element rogue = suite.baseMultiply(x).subtract(alice.commitment().constant()).subtract(bob.commitment().constant());
        VssCommitment rogueCommitment = new VssCommitment(List.of(rogue, suite.baseMultiply(BigInteger.TEN)));
        ProofOfKnowledge proof = dkg.prove(3, x, rogue, CONTEXT, RANDOM);
        assertThatThrownBy(() -> dkg.verifyProof(3, rogueCommitment, proof, CONTEXT))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.culprit()).hasValue(3));
    }

    @Test
    void aShareInconsistentWithItsCommitmentNamesTheDealer() {
        Ciphersuite suite = Ciphersuite.ED25519;
        PedersenDkg dkg = new PedersenDkg(suite);
        PedersenDkg.Dealing dave = dkg.deal(4, 3, CONTEXT, RANDOM);
        SecretShare good = dave.polynomial().shareFor(1);
        SecretShare bad = new SecretShare(suite, 1, good.value().add(BigInteger.ONE).mod(suite.order()));
        assertThatThrownBy(() -> dave.commitment().verifyShare(bad, 4))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.culprit()).hasValue(4));
        // A share meant for participant 2 handed to participant 1 fails too.
        SecretShare forTwo = dave.polynomial().shareFor(2);
        assertThatThrownBy(() -> dave.commitment().verifyShare(new SecretShare(suite, 1, forTwo.value()), 4))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void theChallengeHashesExactlyTheDocumentedBytes() {
        Ciphersuite suite = Ciphersuite.ED25519;
        PedersenDkg dkg = new PedersenDkg(suite);
        Element c0 = suite.baseMultiply(BigInteger.valueOf(3));
        Element r = suite.baseMultiply(BigInteger.valueOf(5));
        byte[] context = {9, 8, 7};
        java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 0, 0, 3, 9, 8, 7});
        m.writeBytes(suite.serializeScalar(BigInteger.valueOf(2)));
        m.writeBytes(c0.toBytes());
        m.writeBytes(r.toBytes());
        assertThat(dkg.challenge(2, c0, r, context)).isEqualTo(suite.hdkg(m.toByteArray()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ED25519", "SECP256K1"})
    void refreshKeepsTheKeyAndOldSharesNoLongerCombineWithNewOnes(Ciphersuite suite) throws Exception {
        Outcome outcome = run(suite, 5, 3);
        Element groupKey = outcome.group().constant();
        List<Polynomial> zeroDealings = new ArrayList<>();
        List<VssCommitment> zeroCommitments = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Polynomial zero = ShareRefresh.dealZero(suite, 3, RANDOM);
            zeroDealings.add(zero);
            // Sent without its (identity) constant, decoded with the identity put back.
            zeroCommitments.add(VssCommitment.fromBytesWithZeroConstant(suite, 3, zero.commitment().toBytesWithoutConstant()));
        }
        List<SecretShare> refreshed = new ArrayList<>();
        for (SecretShare old : outcome.shares()) {
            List<SecretShare> deltas = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                SecretShare delta = zeroDealings.get(i).shareFor(old.identifier());
                ShareRefresh.verifyDelta(delta, zeroCommitments.get(i), i + 1);
                deltas.add(delta);
            }
            SecretShare updated = ShareRefresh.refresh(old, deltas);
            assertThat(updated.value()).isNotEqualTo(old.value());
            refreshed.add(updated);
        }
        VssCommitment group = ShareRefresh.refreshedGroupCommitment(outcome.group(), zeroCommitments);
        assertThat(group.constant()).isEqualTo(groupKey);
        for (SecretShare share : refreshed) {
            assertThat(group.evaluate(share.identifier())).isEqualTo(share.verificationShare());
        }
        TrustedDealer.Keys keys = new TrustedDealer.Keys(refreshed, groupKey, group);
        Frost frost = new Frost(suite);
        frost.verify(groupKey, CONTEXT, SigningTest.signWith(frost, keys, List.of(1, 2, 5), CONTEXT));
        // Two old shares and one new one: not the secret.
        List<SecretShare> mixed = List.of(outcome.shares().get(0), outcome.shares().get(1), refreshed.get(4));
        assertThat(suite.baseMultiply(Lagrange.interpolateAtZero(suite, mixed))).isNotEqualTo(groupKey);
        assertThat(suite.baseMultiply(Lagrange.interpolateAtZero(suite, refreshed.subList(2, 5)))).isEqualTo(groupKey);
    }

    @Test
    void aRefreshDealingThatSharesSomethingOtherThanZeroIsRefused() {
        Ciphersuite suite = Ciphersuite.ED25519;
        Polynomial notZero = Polynomial.random(suite, BigInteger.ONE, 3, RANDOM);
        assertThatThrownBy(() -> ShareRefresh.verifyDelta(notZero.shareFor(2), notZero.commitment(), 4))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.culprit()).hasValue(4));
        assertThatThrownBy(() -> notZero.commitment().toBytesWithoutConstant()).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ED25519", "SECP256K1"})
    void redistributionFromThreeOfFiveToTwoOfThreeKeepsTheKey(Ciphersuite suite) throws Exception {
        Outcome outcome = run(suite, 5, 3);
        Element groupKey = outcome.group().constant();
        // Old holders 1, 3 and 5 sub-share to three new holders (identifiers 1..3 of the new set), t' = 2.
        java.util.SortedMap<Integer, Polynomial> subSharings = new java.util.TreeMap<>();
        java.util.SortedMap<Integer, VssCommitment> commitments = new java.util.TreeMap<>();
        for (int old : List.of(1, 3, 5)) {
            Polynomial g = ShareRedistribution.subShare(outcome.shares().get(old - 1), 2, RANDOM);
            subSharings.put(old, g);
            commitments.put(old, g.commitment());
        }
        VssCommitment newGroup = ShareRedistribution.newGroupCommitment(suite, commitments, groupKey);
        List<SecretShare> newShares = new ArrayList<>();
        for (int j = 1; j <= 3; j++) {
            java.util.SortedMap<Integer, SecretShare> received = new java.util.TreeMap<>();
            for (int old : subSharings.keySet()) {
                SecretShare sub = subSharings.get(old).shareFor(j);
                ShareRedistribution.verifySubShare(sub, commitments.get(old), old, outcome.group().evaluate(old));
                received.put(old, sub);
            }
            SecretShare share = ShareRedistribution.combine(suite, j, received);
            assertThat(newGroup.evaluate(j)).isEqualTo(share.verificationShare());
            newShares.add(share);
        }
        TrustedDealer.Keys keys = new TrustedDealer.Keys(newShares, groupKey, newGroup);
        Frost frost = new Frost(suite);
        for (List<Integer> pair : ThresholdPropertyTest.subsets(3, 2)) {
            frost.verify(groupKey, CONTEXT, SigningTest.signWith(frost, keys, pair, CONTEXT));
        }
        for (int j = 1; j <= 3; j++) {
            BigInteger single = newShares.get(j - 1).value();
            assertThat(suite.baseMultiply(single)).isNotEqualTo(groupKey);
        }
    }

    @Test
    void anOldHolderThatSubSharesSomethingElseIsNamed() throws Exception {
        Ciphersuite suite = Ciphersuite.ED25519;
        Outcome outcome = run(suite, 3, 2);
        SecretShare fake = new SecretShare(suite, 2, suite.randomScalar(RANDOM));
        Polynomial g = ShareRedistribution.subShare(fake, 2, RANDOM);
        assertThatThrownBy(() -> ShareRedistribution.verifySubShare(g.shareFor(1), g.commitment(), 2,
                outcome.group().evaluate(2)))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.culprit()).hasValue(2));
        Map<Integer, VssCommitment> commitments = new HashMap<>();
        commitments.put(1, ShareRedistribution.subShare(outcome.shares().get(0), 2, RANDOM).commitment());
        commitments.put(2, g.commitment());
        assertThatThrownBy(() -> ShareRedistribution.newGroupCommitment(suite, new java.util.TreeMap<>(commitments),
                outcome.group().constant())).isInstanceOf(VerificationException.class);
    }

    private static List<SecretShare> pick(List<SecretShare> shares, List<Integer> ids) {
        return ids.stream().map(i -> shares.get(i - 1)).toList();
    }
}
