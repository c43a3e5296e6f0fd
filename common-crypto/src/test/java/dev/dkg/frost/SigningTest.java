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
import org.junit.jupiter.params.provider.EnumSource;

/** FROST signing as signers and a Coordinator run it, honest and not, on a 3-of-5 key. */
class SigningTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "pay 5 to bob".getBytes(StandardCharsets.UTF_8);

    /** Runs both rounds for the signers given; returns the signature the Coordinator releases. */
    static Signature signWith(Frost frost, TrustedDealer.Keys keys, List<Integer> signers, byte[] message)
            throws VerificationException {
        Round round = roundOne(frost, keys, signers);
        List<SignatureShare> shares = new ArrayList<>();
        for (int k = 0; k < signers.size(); k++) {
            shares.add(frost.sign(keys.shares().get(signers.get(k) - 1), keys.groupKey(), round.nonces.get(k),
                    message, round.commitments));
        }
        return frost.aggregateVerified(round.commitments, message, keys.groupKey(), shares, verificationShares(keys));
    }

    record Round(List<SigningNonces> nonces, List<SigningCommitment> commitments) {}

    static Round roundOne(Frost frost, TrustedDealer.Keys keys, List<Integer> signers) {
        List<SigningNonces> nonces = new ArrayList<>();
        List<SigningCommitment> commitments = new ArrayList<>();
        for (int id : signers) {
            SigningNonces n = frost.commit(keys.shares().get(id - 1), RANDOM);
            nonces.add(n);
            commitments.add(n.commitment());
        }
        return new Round(nonces, commitments);
    }

    static Map<Integer, Element> verificationShares(TrustedDealer.Keys keys) {
        Map<Integer, Element> map = new HashMap<>();
        for (SecretShare share : keys.shares()) {
            map.put(share.identifier(), keys.commitment().evaluate(share.identifier()));
        }
        return map;
    }

    static TrustedDealer.Keys threeOfFive(Ciphersuite suite) {
        return TrustedDealer.deal(suite, suite.randomNonZeroScalar(RANDOM), 5, 3, RANDOM);
    }

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void everyThreeOfFiveSubsetSignsAndTheSignatureVerifiesOnlyForItsMessage(Ciphersuite suite) throws Exception {
        Frost frost = new Frost(suite);
        TrustedDealer.Keys keys = threeOfFive(suite);
        for (List<Integer> signers : ThresholdPropertyTest.subsets(5, 3)) {
            Signature signature = signWith(frost, keys, signers, MESSAGE);
            frost.verify(keys.groupKey(), MESSAGE, Signature.fromBytes(suite, signature.toBytes()));
            assertThatThrownBy(() -> frost.verify(keys.groupKey(), "pay 6 to bob".getBytes(StandardCharsets.UTF_8),
                    signature)).isInstanceOf(VerificationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void twoSignersOfAThreeOfFiveKeyCannotProduceAValidSignature(Ciphersuite suite) {
        Frost frost = new Frost(suite);
        TrustedDealer.Keys keys = threeOfFive(suite);
        assertThatThrownBy(() -> signWith(frost, keys, List.of(2, 4), MESSAGE))
                .isInstanceOf(VerificationException.class).hasMessage("signature is invalid");
    }

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void aBadSignatureShareIsCaughtAndItsSignerNamed(Ciphersuite suite) {
        Frost frost = new Frost(suite);
        TrustedDealer.Keys keys = threeOfFive(suite);
        List<Integer> signers = List.of(1, 3, 4);
        Round round = roundOne(frost, keys, signers);
        List<SignatureShare> shares = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            SignatureShare z = frost.sign(keys.shares().get(signers.get(k) - 1), keys.groupKey(), round.nonces.get(k),
                    MESSAGE, round.commitments);
            if (z.identifier() == 3) { // signer 3 sends a share off by one
                z = new SignatureShare(suite, 3, z.value().add(BigInteger.ONE).mod(suite.order()));
            }
            shares.add(z);
        }
        assertThatThrownBy(() -> frost.aggregateVerified(round.commitments, MESSAGE, keys.groupKey(), shares,
                verificationShares(keys)))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.culprit()).hasValue(3));
    }

    @Test
    void aSignerRefusesASecondRoundTwoOnTheSameNonces() {
        Frost frost = new Frost(Ciphersuite.ED25519);
        TrustedDealer.Keys keys = threeOfFive(Ciphersuite.ED25519);
        Round round = roundOne(frost, keys, List.of(1, 2, 3));
        SecretShare alice = keys.shares().get(0);
        frost.sign(alice, keys.groupKey(), round.nonces.get(0), MESSAGE, round.commitments);
        assertThat(round.nonces.get(0).isDestroyed()).isTrue();
        // A replayed (or changed-message) round-two request finds the nonces gone.
        assertThatThrownBy(() -> frost.sign(alice, keys.groupKey(), round.nonces.get(0), "other".getBytes(),
                round.commitments)).isInstanceOf(IllegalStateException.class).hasMessageContaining("commit again");
    }

    @Test
    void aSignerRefusesAListThatOmitsOrAltersItsCommitmentAndDropsItsNonces() {
        Ciphersuite suite = Ciphersuite.SECP256K1;
        Frost frost = new Frost(suite);
        TrustedDealer.Keys keys = threeOfFive(suite);
        Round round = roundOne(frost, keys, List.of(1, 2, 3));
        SigningCommitment own = round.commitments.get(0);
        List<SigningCommitment> altered = new ArrayList<>(round.commitments);
        altered.set(0, new SigningCommitment(1, own.binding(), own.hiding())); // swapped by the Coordinator
        assertThatThrownBy(() -> frost.sign(keys.shares().get(0), keys.groupKey(), round.nonces.get(0), MESSAGE, altered))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this signer's commitment");
        assertThat(round.nonces.get(0).isDestroyed()).isTrue();
        List<SigningCommitment> unsorted = List.of(round.commitments.get(2), round.commitments.get(1));
        assertThatThrownBy(() -> frost.sign(keys.shares().get(1), keys.groupKey(), round.nonces.get(1), MESSAGE, unsorted))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorted");
    }

    @Test
    void destroyedNoncesAreZeroedAndUnusable() {
        Frost frost = new Frost(Ciphersuite.P256);
        TrustedDealer.Keys keys = threeOfFive(Ciphersuite.P256);
        SigningNonces nonces = frost.commit(keys.shares().get(0), RANDOM);
        assertThat(nonces.toString()).doesNotContain(keys.shares().get(0).value().toString(16));
        nonces.destroy();
        assertThatThrownBy(nonces::hidingBytes).isInstanceOf(IllegalStateException.class);
        assertThat(keys.shares().get(0).toString()).contains("(secret)")
                .doesNotContain(keys.shares().get(0).value().toString());
    }
}
