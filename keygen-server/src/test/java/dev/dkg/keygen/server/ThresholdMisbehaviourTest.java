package dev.dkg.keygen.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.ProofOfKnowledge;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.ShareEvidence;
import dev.dkg.keygen.ThresholdReveal;
import dev.dkg.keygen.client.HeldShare;
import dev.dkg.keygen.client.ThresholdParticipant;
import dev.dkg.pki.Identity;
import dev.dkg.testing.TestPki;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every kind of misbehaviour in a threshold round, mounted by a participant as an attacker would (its own
 * client code deviating at one step), over real channels: the round aborts naming the right culprit, every
 * honest participant hears the same, and nothing is stored.
 */
class ThresholdMisbehaviourTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Ciphersuite SUITE = Ciphersuite.SECP256K1;

    @TempDir
    Path dir;

    private KeygenFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new KeygenFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    /** alice and carol honest, bob with {@code conduct}; returns what each of the three was told. */
    private List<RoundAborted> roundWithBob(ThresholdParticipant.Conduct conduct, Duration timeout) throws Exception {
        fixture.start(KeygenFixture.threshold(3, 2, SUITE, timeout));
        Future<ThresholdParticipant.Result> alice = fixture.participateThreshold("alice", ThresholdParticipant.HONEST);
        Future<ThresholdParticipant.Result> bob = fixture.participateThreshold("bob", conduct);
        Future<ThresholdParticipant.Result> carol = fixture.participateThreshold("carol", ThresholdParticipant.HONEST);
        List<RoundAborted> told = List.of(ThresholdRoundTest.abortOf(alice), ThresholdRoundTest.abortOf(bob),
                ThresholdRoundTest.abortOf(carol));
        fixture.service.close();
        assertThat(KeyStoreReader.readAllThreshold(fixture.keyStore(), KeygenFixture.SERVER, TestPki.trust())).isEmpty();
        assertThat(Files.exists(fixture.clientDir("alice").resolve("threshold"))).isFalse();
        return told;
    }

    private static void assertEveryoneBlames(List<RoundAborted> told, RoundAborted.Reason reason, String... culprits) {
        for (RoundAborted a : told) {
            assertThat(a.reason()).isEqualTo(reason);
            assertThat(a.culprits()).containsExactly(culprits);
        }
    }

    @Test
    void aBadProofOfKnowledgeAbortsNamingItsMaker() throws Exception {
        List<RoundAborted> told = roundWithBob(new ThresholdParticipant.Conduct() {
            @Override
            public byte[] reveal(byte[] honest) {
                try {
                    ThresholdReveal r = ThresholdReveal.decode(SUITE, 2, honest);
                    BigInteger mu = r.proof().mu().add(BigInteger.ONE).mod(SUITE.order());
                    return new ThresholdReveal(r.commitment(), new ProofOfKnowledge(r.proof().r(), mu)).encode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, WAIT);
        assertEveryoneBlames(told, RoundAborted.Reason.BAD_PROOF, "bob");
    }

    @Test
    void aShareInconsistentWithItsCommitmentsIsProvenByTheComplaintAndNamesItsSender() throws Exception {
        List<RoundAborted> told = roundWithBob(new ThresholdParticipant.Conduct() {
            @Override
            public BigInteger share(int recipient, BigInteger honest) {
                return recipient == 3 ? honest.add(BigInteger.ONE).mod(SUITE.order()) : honest;
            }
        }, WAIT);
        // carol (identifier 3) complained; alice judged the evidence herself and agrees with the server.
        assertEveryoneBlames(told, RoundAborted.Reason.BAD_SHARE, "bob");
        fixture.awaitEvent("carol complained about the share of bob; the evidence names bob", WAIT);
    }

    @Test
    void aMissingShareAbortsNamingTheParticipantThatWithheldIt() throws Exception {
        List<RoundAborted> told = roundWithBob(new ThresholdParticipant.Conduct() {
            @Override
            public List<byte[]> shareEnvelopes(List<byte[]> honest) {
                return honest.subList(0, 1);
            }
        }, WAIT);
        assertEveryoneBlames(told, RoundAborted.Reason.MISSING_SHARES, "bob");
    }

    @Test
    void aShareSealedToTheWrongRecipientCountsAsMissing() throws Exception {
        List<RoundAborted> told = roundWithBob(new ThresholdParticipant.Conduct() {
            @Override
            public List<byte[]> shareEnvelopes(List<byte[]> honest) {
                return List.of(honest.get(1), honest.get(0));
            }
        }, WAIT);
        assertEveryoneBlames(told, RoundAborted.Reason.MISSING_SHARES, "bob");
    }

    @Test
    void aFalseComplaintWithTheRealContentKeyOfAGoodShareNamesTheComplainant() throws Exception {
        Identity bob = KeygenFixture.client("bob");
        List<RoundAborted> told = roundWithBob(new ThresholdParticipant.Conduct() {
            @Override
            public byte[] complaint(List<byte[]> delivery) {
                byte[] aliceShare = delivery.get(0);
                byte[] roundId = Arrays.copyOfRange(aliceShare, 3, 19);
                try {
                    byte[] key = Envelope.provableContentKey(aliceShare, ShareEvidence.expectShare(roundId, 2),
                            bob.privateKey(), bob.publicKey(), KeygenFixture.client("alice").publicKey());
                    return ShareEvidence.encodeComplaint(1, ShareEvidence.INCONSISTENT, key);
                } catch (EnvelopeException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, WAIT);
        assertEveryoneBlames(told, RoundAborted.Reason.FALSE_COMPLAINT, "bob");
    }

    @Test
    void aComplaintWithAKeyThatDoesNotOpenTheEnvelopeNamesTheComplainant() throws Exception {
        List<RoundAborted> told = roundWithBob(new ThresholdParticipant.Conduct() {
            @Override
            public byte[] complaint(List<byte[]> delivery) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                return ShareEvidence.encodeComplaint(3, ShareEvidence.INCONSISTENT, key);
            }
        }, WAIT);
        assertEveryoneBlames(told, RoundAborted.Reason.FALSE_COMPLAINT, "bob");
    }

    @Test
    void aWithheldConfirmationAbortsAtTheDeadlineNamingTheParticipant() throws Exception {
        List<RoundAborted> told = roundWithBob(new ThresholdParticipant.Conduct() {
            @Override
            public boolean confirms() {
                return false;
            }
        }, Duration.ofSeconds(8));
        assertEveryoneBlames(told, RoundAborted.Reason.NO_CONFIRMATION, "bob");
    }

    @Test
    void messagesReplayedFromAnotherRoundAreRefusedNamingTheReplayer() throws Exception {
        fixture.start(KeygenFixture.threshold(3, 2, SUITE, WAIT));
        List<byte[]> recorded = new CopyOnWriteArrayList<>();
        List<byte[]> recordedEnvelopes = new CopyOnWriteArrayList<>();
        ThresholdParticipant.Conduct recorder = new ThresholdParticipant.Conduct() {
            @Override
            public byte[] reveal(byte[] honest) {
                recorded.add(honest);
                return honest;
            }

            @Override
            public List<byte[]> shareEnvelopes(List<byte[]> honest) {
                recordedEnvelopes.addAll(honest);
                return honest;
            }
        };
        List<Future<ThresholdParticipant.Result>> first = List.of(
                fixture.participateThreshold("alice", ThresholdParticipant.HONEST),
                fixture.participateThreshold("bob", recorder),
                fixture.participateThreshold("carol", ThresholdParticipant.HONEST));
        for (Future<ThresholdParticipant.Result> f : first) {
            ThresholdRoundTest.get(f);
        }
        // Round two: bob replays his round-one reveal (a proof bound to the old round id).
        List<Future<ThresholdParticipant.Result>> second = List.of(
                fixture.participateThreshold("alice", ThresholdParticipant.HONEST),
                fixture.participateThreshold("bob", new ThresholdParticipant.Conduct() {
                    @Override
                    public byte[] reveal(byte[] honest) {
                        return recorded.get(0);
                    }
                }),
                fixture.participateThreshold("carol", ThresholdParticipant.HONEST));
        for (Future<ThresholdParticipant.Result> f : second) {
            RoundAborted a = ThresholdRoundTest.abortOf(f);
            assertThat(a.reason()).isEqualTo(RoundAborted.Reason.BAD_PROOF);
            assertThat(a.culprits()).containsExactly("bob");
        }
        // Round three: bob replays his round-one share envelopes (sealed for the old round id).
        List<Future<ThresholdParticipant.Result>> third = List.of(
                fixture.participateThreshold("alice", ThresholdParticipant.HONEST),
                fixture.participateThreshold("bob", new ThresholdParticipant.Conduct() {
                    @Override
                    public List<byte[]> shareEnvelopes(List<byte[]> honest) {
                        return new ArrayList<>(recordedEnvelopes);
                    }
                }),
                fixture.participateThreshold("carol", ThresholdParticipant.HONEST));
        for (Future<ThresholdParticipant.Result> f : third) {
            RoundAborted a = ThresholdRoundTest.abortOf(f);
            assertThat(a.reason()).isEqualTo(RoundAborted.Reason.MISSING_SHARES);
            assertThat(a.culprits()).containsExactly("bob");
        }
        fixture.service.close();
        assertThat(KeyStoreReader.readAllThreshold(fixture.keyStore(), KeygenFixture.SERVER, TestPki.trust())).hasSize(1);
    }

    /**
     * No party holds the secret: the server's data directory, its event lines and every log line hold no share
     * and not the group secret, and the share envelopes it relayed do not open with its key.
     */
    @Test
    void theServerNeverHoldsAShareOrTheSecret() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        ch.qos.logback.classic.Level level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            fixture.start(KeygenFixture.threshold(3, 2, SUITE, WAIT));
            List<byte[]> relayed = new CopyOnWriteArrayList<>();
            ThresholdParticipant.Conduct watch = new ThresholdParticipant.Conduct() {
                @Override
                public List<byte[]> shareEnvelopes(List<byte[]> honest) {
                    relayed.addAll(honest);
                    return honest;
                }
            };
            List<HeldShare> shares = new ArrayList<>();
            for (Future<ThresholdParticipant.Result> f : List.of(fixture.participateThreshold("alice", watch),
                    fixture.participateThreshold("bob", watch), fixture.participateThreshold("carol", watch))) {
                shares.add(ThresholdRoundTest.get(f).share());
            }
            fixture.service.close();
            BigInteger secret = ThresholdRoundTest.interpolate(SUITE, shares.subList(0, 2));
            List<byte[]> secrets = new ArrayList<>();
            secrets.add(SUITE.serializeScalar(secret));
            shares.forEach(s -> secrets.add(s.signingShare().toBytes()));

            List<byte[]> stored = new ArrayList<>();
            try (Stream<Path> files = Files.walk(fixture.dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.startsWith(fixture.dir.resolve("clients")))
                        .toList()) {
                    stored.add(Files.readAllBytes(f));
                }
            }
            StringBuilder seen = new StringBuilder(String.join("\n", fixture.events));
            for (ILoggingEvent e : logs.list) {
                seen.append('\n').append(e.getFormattedMessage());
            }
            String text = seen.toString().toLowerCase();
            for (byte[] s : secrets) {
                for (byte[] file : stored) {
                    assertThat(indexOf(file, s)).isNegative();
                }
                assertThat(text).doesNotContain(HexFormat.of().formatHex(s));
            }
            assertThat(relayed).hasSize(6);
            for (byte[] envelope : relayed) {
                byte[] roundId = Arrays.copyOfRange(envelope, 3, 19);
                int sequence = new BigInteger(1, Arrays.copyOfRange(envelope, 19, 27)).intValue();
                assertThatThrownBy(() -> Envelope.open(envelope, ShareEvidence.expectShare(roundId, sequence),
                        KeygenFixture.SERVER.privateKey(), KeygenFixture.SERVER.publicKey(),
                        KeygenFixture.client("alice").publicKey()))
                        .isInstanceOf(EnvelopeException.class).hasMessageContaining("not addressed to this key");
            }
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
