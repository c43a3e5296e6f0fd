package dev.dkg.keygen.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dkg.channel.ChannelException;
import dev.dkg.channel.PeerRejectedException;
import dev.dkg.keygen.KeyApplications;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.keygen.Receipt;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.client.RoundAbortedException;
import dev.dkg.otp.Base32;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.wire.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Whole rounds over loopback: the happy path, every abort path, admission, restarts and what reaches the logs. */
class RoundServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

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

    private static Receipt receipt(Future<Receipt> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static RoundAborted abortOf(Future<Receipt> f) throws Exception {
        try {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RoundAbortedException a) {
                return a.aborted();
            }
            throw e;
        }
        throw new AssertionError("the round was not aborted");
    }

    private List<KeyRecord> keysForDistributor() throws Exception {
        return KeyStoreReader.readAll(fixture.keyStore(), KeygenFixture.DISTRIBUTOR, TestPki.trust());
    }

    @Test
    void threeClientsGetAgreeingReceiptsForTheKeyTheDistributorReads() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(3, WAIT, 1));
        List<Future<Receipt>> futures = List.of(fixture.participate("alice"), fixture.participate("bob"),
                fixture.participate("carol"));
        Receipt first = receipt(futures.get(0));
        for (Future<Receipt> f : futures) {
            Receipt r = receipt(f);
            assertThat(r.keyIdHex()).isEqualTo(first.keyIdHex());
            assertThat(r.transcriptHashHex()).isEqualTo(first.transcriptHashHex());
            assertThat(r.checkValueHex()).isEqualTo(first.checkValueHex());
            assertThat(r.participants()).containsExactly("alice", "bob", "carol");
            r.verify(KeygenFixture.SERVER.publicKey());
        }
        assertThat(fixture.service.awaitFinished(WAIT)).isTrue();
        List<KeyRecord> keys = keysForDistributor();
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).keyId()).isEqualTo(first.keyIdHex());
        assertThat(keys.get(0).checkValueHex()).isEqualTo(first.checkValueHex());
        assertThat(keys.get(0).transcriptHash()).isEqualTo(first.transcriptHash());
        fixture.awaitEvent("key " + first.keyIdHex() + " stored", WAIT);
    }

    @Test
    void theKeyIsOnDiskBeforeAnyReceiptArrives() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 0));
        Future<String> seenAtReceipt = fixture.onThread(() -> {
            Receipt r = receipt(fixture.participate("alice"));
            // Read the store the moment the receipt is in hand: the record must already be there.
            List<KeyRecord> keys = keysForDistributor();
            return keys.stream().anyMatch(k -> k.keyId().equals(r.keyIdHex())) ? r.keyIdHex() : "missing";
        });
        Receipt bob = receipt(fixture.participate("bob"));
        assertThat(seenAtReceipt.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(bob.keyIdHex());
    }

    @Test
    void missingRevealAbortsTheRoundAndNamesTheCulprit() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(3, Duration.ofMillis(1500), 0));
        Future<Receipt> alice = fixture.participate("alice");
        Future<Receipt> bob = fixture.participate("bob");
        try (ScriptedClient carol = new ScriptedClient(fixture, "carol")) {
            carol.awaitOpen();
            carol.commit();
            carol.awaitCommitments();
            RoundAborted seen = carol.awaitAbort();
            assertThat(seen.culprits()).containsExactly("carol");
            assertThat(seen.reason()).isEqualTo(RoundAborted.Reason.NO_REVEAL);
        }
        assertThat(abortOf(alice).culprits()).containsExactly("carol");
        assertThat(abortOf(bob).reason()).isEqualTo(RoundAborted.Reason.NO_REVEAL);
        fixture.awaitEvent("aborted: carol did not reveal before the deadline; no key derived", WAIT);
        assertThat(keysForDistributor()).isEmpty();
    }

    @Test
    void missingCommitmentAbortsTheRound() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, Duration.ofMillis(1000), 0));
        Future<Receipt> alice = fixture.participate("alice");
        try (ScriptedClient bob = new ScriptedClient(fixture, "bob")) {
            bob.awaitOpen();
            assertThat(abortOf(alice).culprits()).containsExactly("bob");
            assertThat(bob.awaitAbort().reason()).isEqualTo(RoundAborted.Reason.NO_COMMITMENT);
        }
        assertThat(keysForDistributor()).isEmpty();
    }

    @Test
    void mismatchingRevealAbortsTheRoundAndNamesTheCulprit() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(3, WAIT, 0));
        Future<Receipt> alice = fixture.participate("alice");
        Future<Receipt> carol = fixture.participate("carol");
        try (ScriptedClient bob = new ScriptedClient(fixture, "bob")) {
            bob.awaitOpen();
            bob.commit();
            bob.awaitCommitments();
            byte[] other = bob.contribution.clone();
            other[0] ^= 1;
            bob.reveal(other);
            assertThat(bob.awaitAbort().reason()).isEqualTo(RoundAborted.Reason.MISMATCHING_REVEAL);
        }
        RoundAborted seen = abortOf(alice);
        assertThat(seen.culprits()).containsExactly("bob");
        assertThat(seen.describe()).isEqualTo("bob revealed a value that does not match its commitment");
        assertThat(abortOf(carol).culprits()).containsExactly("bob");
        assertThat(keysForDistributor()).isEmpty();
    }

    @Test
    void disconnectMidRoundAbortsTheRound() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 0));
        Future<Receipt> alice = fixture.participate("alice");
        try (ScriptedClient bob = new ScriptedClient(fixture, "bob")) {
            bob.awaitOpen();
            bob.commit();
        }
        RoundAborted seen = abortOf(alice);
        assertThat(seen.culprits()).containsExactly("bob");
        assertThat(seen.reason()).isEqualTo(RoundAborted.Reason.DISCONNECTED);
        fixture.awaitEvent("aborted: bob disconnected during the round", WAIT);
    }

    @Test
    void stoppingTheServerMidRoundBlamesNoClient() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 0));
        Future<Receipt> alice = fixture.participate("alice");
        try (ScriptedClient bob = new ScriptedClient(fixture, "bob")) {
            bob.awaitOpen();
            bob.commit();
            bob.awaitCommitments();

            fixture.service.close();

            assertThatThrownBy(() -> alice.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(e.getCause()).isNotInstanceOf(RoundAbortedException.class));
        }
        fixture.awaitEvent("stopped with the server; no key derived, no participant at fault", WAIT);
        assertThat(fixture.events).noneMatch(line -> line.contains("aborted"));
        assertThat(keysForDistributor()).isEmpty();
    }

    @Test
    void lateRevealPastTheDeadlineAbortsTheRound() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, Duration.ofMillis(1200), 0));
        Future<Receipt> alice = fixture.participate("alice");
        try (ScriptedClient bob = new ScriptedClient(fixture, "bob")) {
            bob.awaitOpen();
            bob.commit();
            bob.awaitCommitments();
            Thread.sleep(Math.max(0, bob.open.deadlineMillis() - System.currentTimeMillis()) + 200);
            try {
                bob.reveal(bob.contribution);
            } catch (java.io.IOException e) {
                // The server may already have closed the connection after the abort.
            }
        }
        RoundAborted seen = abortOf(alice);
        assertThat(seen.culprits()).containsExactly("bob");
        assertThat(seen.reason()).isEqualTo(RoundAborted.Reason.NO_REVEAL);
        assertThat(keysForDistributor()).isEmpty();
    }

    @Test
    void abortedRoundDoesNotStopTheServer() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, Duration.ofMillis(1000), 1));
        Future<Receipt> alice = fixture.participate("alice");
        try (ScriptedClient bob = new ScriptedClient(fixture, "bob")) {
            bob.awaitOpen();
        }
        abortOf(alice);
        Future<Receipt> aliceAgain = fixture.participate("alice");
        Future<Receipt> bobAgain = fixture.participate("bob");
        Receipt next = receipt(aliceAgain);
        receipt(bobAgain);
        assertThat(fixture.service.awaitFinished(WAIT)).isTrue();
        assertThat(keysForDistributor()).extracting(KeyRecord::keyId).containsExactly(next.keyIdHex());
    }

    @Test
    void duplicateParticipantIsRefusedAndTheRoundGoesOn() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 1));
        Future<Receipt> alice = fixture.participate("alice");
        fixture.awaitEvent("1/2 participants connected: alice", WAIT);
        try (ScriptedClient again = new ScriptedClient(fixture, "alice")) {
            assertThatThrownBy(again::awaitOpen).isInstanceOf(PeerRejectedException.class)
                    .extracting(e -> ((ChannelException) e).code()).isEqualTo(ErrorCode.NOT_AUTHORISED);
        }
        fixture.awaitEvent("refused alice .*already connected", WAIT);
        Future<Receipt> bob = fixture.participate("bob");
        assertThat(receipt(alice).keyIdHex()).isEqualTo(receipt(bob).keyIdHex());
    }

    @Test
    void unlistedNameIsRefusedAndListedOnesGoOn() throws Exception {
        fixture.start(KeygenFixture.named(List.of("bob", "alice"), WAIT));
        try (ScriptedClient mallory = new ScriptedClient(fixture, "mallory")) {
            assertThatThrownBy(mallory::awaitOpen).isInstanceOf(PeerRejectedException.class);
        }
        fixture.awaitEvent("refused mallory .*not a listed participant", WAIT);
        Future<Receipt> alice = fixture.participate("alice");
        Receipt bob = receipt(fixture.participate("bob"));
        assertThat(receipt(alice).participants()).containsExactly("alice", "bob");
        assertThat(bob.participants()).containsExactly("alice", "bob");
    }

    @Test
    void wrongRoleIsRefusedAtTheHandshakeAndTheServerKeepsServing() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 1));
        assertThatThrownBy(() -> fixture.connect(TestPki.identity("eve", Role.OTP_REQUESTER)).receive())
                .isInstanceOf(ChannelException.class);
        Future<Receipt> alice = fixture.participate("alice");
        Future<Receipt> bob = fixture.participate("bob");
        assertThat(receipt(alice).keyIdHex()).isEqualTo(receipt(bob).keyIdHex());
    }

    @Test
    void restartKeepsEveryStoredKey() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 1));
        Future<Receipt> alice = fixture.participate("alice");
        Receipt first = receipt(fixture.participate("bob"));
        receipt(alice);
        fixture.service.awaitFinished(WAIT);
        fixture.service.close();

        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 1));
        assertThat(fixture.service.storedKeys()).isEqualTo(1);
        Future<Receipt> again = fixture.participate("alice");
        Receipt second = receipt(fixture.participate("bob"));
        receipt(again);
        fixture.service.awaitFinished(WAIT);
        assertThat(keysForDistributor()).extracting(KeyRecord::keyId).containsExactly(first.keyIdHex(), second.keyIdHex());
        assertThat(KeyStoreReader.readAll(fixture.keyStore(), KeygenFixture.SERVER, TestPki.trust())).hasSize(2);
    }

    @Test
    void noKeyMaterialReachesTheEventLinesOrTheLogs() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        ch.qos.logback.classic.Level level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            fixture.start(KeygenFixture.firstToConnect(2, WAIT, 1));
            Future<Receipt> alice = fixture.participate("alice");
            String contribution;
            try (ScriptedClient bob = new ScriptedClient(fixture, "bob")) {
                contribution = HexFormat.of().formatHex(bob.contribution);
                bob.awaitOpen();
                bob.commit();
                bob.awaitCommitments();
                bob.reveal(bob.contribution);
                receipt(alice);
            }
            fixture.service.awaitFinished(WAIT);
            KeyRecord key = keysForDistributor().get(0);
            String keyHex = HexFormat.of().formatHex(key.key());
            String otp = Base32.encode(KeyApplications.otpSecret(key.key()));
            StringBuilder seen = new StringBuilder(String.join("\n", fixture.events));
            for (ILoggingEvent e : logs.list) {
                seen.append('\n').append(e.getFormattedMessage());
            }
            assertThat(seen.toString().toLowerCase()).contains(key.keyId())
                    .doesNotContain(keyHex, contribution, otp.toLowerCase());
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }
    }

    @Test
    void aReaderThatIsNotARecipientSkipsTheRecordsAndAForeignCaIsRefused() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(1, WAIT, 1));
        receipt(fixture.participate("alice"));
        fixture.service.awaitFinished(WAIT);
        try (KeyStoreReader outsider = KeyStoreReader.open(fixture.keyStore(),
                TestPki.identity("other-distributor", Role.OTP_DISTRIBUTOR), TestPki.trust())) {
            assertThat(outsider.poll()).isEmpty();
            assertThat(outsider.skippedRecords()).isEqualTo(1);
        }
        assertThatThrownBy(() -> KeyStoreReader.readAll(fixture.keyStore(), KeygenFixture.DISTRIBUTOR,
                TestPki.foreignCa().trustAnchor())).isInstanceOf(dev.dkg.keygen.KeyStoreVerificationException.class)
                .hasMessageContaining("untrusted signer");
    }

    @Test
    void aTailingReaderSeesEachNewKeyOnce() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(1, WAIT, 0));
        try (KeyStoreReader reader = KeyStoreReader.open(fixture.keyStore(), KeygenFixture.DISTRIBUTOR, TestPki.trust())) {
            assertThat(reader.poll()).isEmpty();
            Receipt first = receipt(fixture.participate("alice"));
            assertThat(reader.poll()).extracting(KeyRecord::keyId).containsExactly(first.keyIdHex());
            assertThat(reader.poll()).isEmpty();
            Receipt second = receipt(fixture.participate("bob"));
            assertThat(reader.poll()).extracting(KeyRecord::keyId).containsExactly(second.keyIdHex());
            assertThat(reader.signer().name()).isEqualTo("keygen");
        }
    }

    @Test
    void revealingBeforeTheCommitmentListIsAProtocolViolation() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 0));
        Future<Receipt> alice = fixture.participate("alice");
        try (ScriptedClient bob = new ScriptedClient(fixture, "bob")) {
            bob.awaitOpen();
            bob.reveal(bob.contribution);
            RoundAborted seen = abortOf(alice);
            assertThat(seen.culprits()).containsExactly("bob");
            assertThat(seen.reason()).isEqualTo(RoundAborted.Reason.PROTOCOL_VIOLATION);
        }
    }

    /** Issue 10 item 15: a 31-byte COMMIT used to close the culprit's connection with no word of why. */
    @Test
    void aMalformedCommitGetsTheCulpritRoundAbortedNamingItself() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 0));
        Future<Receipt> alice = fixture.participate("alice");
        try (ScriptedClient bob = new ScriptedClient(fixture, "bob")) {
            bob.awaitOpen();
            bob.channel.send(dev.dkg.keygen.KeygenMessages.COMMIT, new byte[31]);
            RoundAborted told = bob.awaitAbort();
            assertThat(told.culprits()).containsExactly("bob");
            assertThat(told.reason()).isEqualTo(RoundAborted.Reason.PROTOCOL_VIOLATION);
            RoundAborted seen = abortOf(alice);
            assertThat(seen.culprits()).containsExactly("bob");
        }
    }

    /** Section 14.3 step 1: anything a client sends in the lobby gets ERROR 1 and the client leaves the lobby. */
    @Test
    void aMessageSentInTheLobbyIsAProtocolErrorAndTheRoundStillRunsWithoutIt() throws Exception {
        fixture.start(KeygenFixture.firstToConnect(2, WAIT, 0));
        try (ScriptedClient early = new ScriptedClient(fixture, "bob")) {
            early.channel.send(dev.dkg.keygen.KeygenMessages.COMMIT, new byte[32]);
            assertThatThrownBy(() -> early.channel.receive())
                    .isInstanceOfSatisfying(PeerRejectedException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL));
        }
        fixture.awaitEvent("bob left before its round opened", WAIT);
        Future<Receipt> alice = fixture.participate("alice");
        Future<Receipt> carol = fixture.participate("carol");
        assertThat(receipt(alice).keyIdHex()).isEqualTo(receipt(carol).keyIdHex());
    }
}
