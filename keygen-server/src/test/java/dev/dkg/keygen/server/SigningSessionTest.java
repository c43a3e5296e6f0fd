package dev.dkg.keygen.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Frost;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.frost.SecretShare;
import dev.dkg.frost.Signature;
import dev.dkg.frost.SignatureShare;
import dev.dkg.frost.SigningCommitment;
import dev.dkg.frost.SigningNonces;
import dev.dkg.frost.VerificationException;
import dev.dkg.signing.SignResult;
import dev.dkg.signing.SigningOutcome;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FROST signing sessions end to end over real channels: Coordinator, signers on threads, a requester. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SigningSessionTest {
    private static final byte[] MESSAGE = "pay 10 to bob".getBytes(StandardCharsets.UTF_8);

    private static void assertVerifies(SignResult result, SigningFixture.DealtKey key, byte[] message) throws Exception {
        assertThat(result.outcome()).as(result.describe()).isEqualTo(SigningOutcome.SIGNED);
        Signature signature = Signature.fromBytes(key.key().suite(), result.signature());
        new Frost(key.key().suite()).verify(key.key().groupKey(), message, signature);
        assertThat(GroupPublicKey.fromSubjectPublicKeyInfo(result.publicKey()).element())
                .isEqualTo(key.key().groupKey());
    }

    @Test
    void everyThresholdSubsetOfAThreeOfFiveKeySignsAndTheSignatureIsAnEd25519One() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 3, 5);
            for (String holder : key.key().holders()) {
                f.watch(key, holder);
            }
            List<String> holders = key.key().holders();
            int subsets = 0;
            for (int a = 0; a < 5; a++) {
                for (int b = a + 1; b < 5; b++) {
                    for (int c = b + 1; c < 5; c++) {
                        f.awaitReady(key, 5);
                        List<String> signers = List.of(holders.get(a), holders.get(b), holders.get(c));
                        SignResult result = f.sign(key.key(), signers, MESSAGE);
                        assertVerifies(result, key, MESSAGE);
                        assertThat(result.names()).containsExactlyElementsOf(signers);
                        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
                        jdk.initVerify(key.key().publicKey().toJavaPublicKey());
                        jdk.update(MESSAGE);
                        assertThat(jdk.verify(result.signature())).isTrue();
                        subsets++;
                    }
                }
            }
            assertThat(subsets).isEqualTo(10);
        }
    }

    @Test
    void anySignersMeansTheFirstThresholdReadyAndSecp256k1Works() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.SECP256K1, 2, 3);
            f.watch(key, "carol");
            f.watch(key, "bob");
            f.awaitReady(key, 2);
            SignResult result = f.sign(key.key(), List.of(), MESSAGE);
            assertVerifies(result, key, MESSAGE);
            assertThat(result.names()).containsExactly("bob", "carol");
            assertThat(result.signature()).hasSize(65);
        }
    }

    @Test
    void fewerThanThresholdSignersCannotSign() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 3, 5);
            f.watch(key, "alice");
            f.watch(key, "bob");
            f.awaitReady(key, 2);
            // The Coordinator refuses a list of t-1 names, and with t-1 ready it does not start a session...
            assertThat(f.sign(key.key(), List.of("alice", "bob"), MESSAGE).outcome())
                    .isEqualTo(SigningOutcome.UNKNOWN_KEY);
            SignResult waited = f.sign(SigningFixture.REQUESTER, key.key(), List.of(), MESSAGE, 300);
            assertThat(waited.outcome()).isEqualTo(SigningOutcome.SIGNERS_MISSING);
            // ...and were it to, t-1 honest shares aggregate to no valid signature.
            Frost frost = new Frost(Ciphersuite.ED25519);
            SecureRandom random = new SecureRandom();
            List<SecretShare> two = List.of(key.shareOf("alice"), key.shareOf("bob"));
            List<SigningNonces> nonces = two.stream().map(s -> frost.commit(s, random)).toList();
            List<SigningCommitment> list = nonces.stream().map(SigningNonces::commitment).toList();
            List<SignatureShare> shares = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                shares.add(frost.sign(two.get(i), key.key().groupKey(), nonces.get(i), MESSAGE, list));
            }
            Signature forged = frost.aggregate(list, MESSAGE, key.key().groupKey(), shares);
            assertThatThrownBy(() -> frost.verify(key.key().groupKey(), MESSAGE, forged))
                    .isInstanceOf(VerificationException.class);
        }
    }

    @Test
    void aBadSignatureShareIsDetectedAndItsSignerNamed() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 2, 3);
            SecretShare real = key.shareOf("bob");
            SecretShare wrong = new SecretShare(real.suite(), real.identifier(),
                    real.value().add(java.math.BigInteger.ONE).mod(real.suite().order()));
            f.watch(key, "alice");
            f.watch(key, "bob", wrong, r -> true);
            f.awaitReady(key, 2);
            SignResult result = f.sign(key.key(), List.of("alice", "bob"), MESSAGE);
            assertThat(result.outcome()).isEqualTo(SigningOutcome.BAD_SHARE);
            assertThat(result.names()).containsExactly("bob");
            assertThat(result.signature()).isEmpty();
            assertThat(f.events).anyMatch(e -> e.contains("aborted: bob sent a signature share that does not verify"));
        }
    }

    @Test
    void theSignatureIsRejectedForAChangedMessage() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 2, 3);
            f.watch(key, "alice");
            f.watch(key, "carol");
            f.awaitReady(key, 2);
            SignResult result = f.sign(key.key(), List.of(), MESSAGE);
            assertVerifies(result, key, MESSAGE);
            byte[] changed = "pay 99 to bob".getBytes(StandardCharsets.UTF_8);
            Signature signature = Signature.fromBytes(Ciphersuite.ED25519, result.signature());
            assertThatThrownBy(() -> new Frost(Ciphersuite.ED25519).verify(key.key().groupKey(), changed, signature))
                    .isInstanceOf(VerificationException.class);
        }
    }

    @Test
    void theAclDeniesByDefaultAndUnknownKeysAreRefused() throws Exception {
        try (SigningFixture f = new SigningFixture("rita 00ff* sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 2, 3);
            f.watch(key, "alice");
            f.watch(key, "bob");
            f.awaitReady(key, 2);
            SignResult denied = f.sign(key.key(), List.of(), MESSAGE);
            assertThat(denied.outcome()).isEqualTo(SigningOutcome.NOT_AUTHORISED);
            assertThat(denied.outcome().refused()).isTrue();
            SignResult stranger = f.sign(SigningFixture.holder("mallory"), key.key(), List.of(), MESSAGE, 1000);
            assertThat(stranger.outcome()).isEqualTo(SigningOutcome.NOT_AUTHORISED);
            f.acl = dev.dkg.acl.Acl.parse("acl", List.of("rita * sign"), SigningService.ACL_OPERATIONS);
            SigningFixture.DealtKey other = f.deal(Ciphersuite.ED25519, 2, 3);
            f.keys.remove(other.key().keyIdHex());
            assertThat(f.sign(other.key(), List.of(), MESSAGE).outcome()).isEqualTo(SigningOutcome.UNKNOWN_KEY);
            assertThat(f.sign(key.key(), List.of("alice", "mallory"), MESSAGE).outcome())
                    .isEqualTo(SigningOutcome.UNKNOWN_KEY);
            // The signers were never asked, and still sign for an authorised request.
            assertVerifies(f.sign(key.key(), List.of(), MESSAGE), key, MESSAGE);
        }
    }

    @Test
    void aSignerWhoseOperatorDeclinesIsNamed() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 2, 3);
            f.watch(key, "alice");
            f.watch(key, "carol", key.shareOf("carol"), r -> false);
            f.awaitReady(key, 2);
            SignResult result = f.sign(key.key(), List.of(), MESSAGE);
            assertThat(result.outcome()).isEqualTo(SigningOutcome.DECLINED);
            assertThat(result.names()).containsExactly("carol");
        }
    }

    @Test
    void namedSignersThatDoNotComeInTimeAreNamed() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 2, 3);
            f.watch(key, "alice");
            f.awaitReady(key, 1);
            SignResult result = f.sign(SigningFixture.REQUESTER, key.key(), List.of("alice", "carol"), MESSAGE, 300);
            assertThat(result.outcome()).isEqualTo(SigningOutcome.SIGNERS_MISSING);
            assertThat(result.names()).containsExactly("carol");
            // alice was not consumed by the failed request
            f.watch(key, "carol");
            f.awaitReady(key, 2);
            assertVerifies(f.sign(key.key(), List.of("alice", "carol"), MESSAGE), key, MESSAGE);
        }
    }

    @Test
    void aSignerThatIsNotAHolderIsRefused() throws Exception {
        try (SigningFixture f = new SigningFixture("rita * sign")) {
            SigningFixture.DealtKey key = f.deal(Ciphersuite.ED25519, 2, 3);
            var c = f.connect(SigningFixture.holder("mallory"));
            c.send(dev.dkg.signing.SigningMessages.SIGNER_READY, new dev.dkg.signing.SignerReady(key.key().keyId()).encode());
            assertThatThrownBy(c::receive).isInstanceOf(dev.dkg.channel.PeerRejectedException.class);
            assertThat(f.events).anyMatch(e -> e.contains("refused signer mallory"));
        }
    }
}
