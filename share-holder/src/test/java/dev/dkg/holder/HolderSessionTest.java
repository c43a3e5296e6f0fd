package dev.dkg.holder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.channel.ChannelServer;
import dev.dkg.channel.Limits;
import dev.dkg.channel.SecureChannel;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.sharing.CollectRequest;
import dev.dkg.sharing.EpochNotice;
import dev.dkg.sharing.NoticeDone;
import dev.dkg.sharing.Receipt;
import dev.dkg.sharing.RefreshOffer;
import dev.dkg.sharing.Refusal;
import dev.dkg.sharing.ShareOffer;
import dev.dkg.sharing.ShareReturn;
import dev.dkg.sharing.SealedSubShare;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.sharing.SubShareDelivery;
import dev.dkg.sharing.VaultId;
import dev.dkg.testing.TestPki;
import dev.dkg.vss.Dealing;
import dev.dkg.vss.Feldman;
import dev.dkg.vss.Redistribution;
import dev.dkg.vss.Refresh;
import dev.dkg.vss.Share;
import dev.dkg.vss.SubSharing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The holder's side of the sharing protocol, driven by a scripted dealer over a real channel. */
class HolderSessionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> NAMES = List.of("alice", "bob", "carol");

    @TempDir
    Path dir;

    private final Identity bob = TestPki.identity("bob", Role.SHARE_HOLDER);
    private final StringWriter events = new StringWriter();
    private final AtomicBoolean approve = new AtomicBoolean(true);
    private ChannelServer server;
    private SecureChannel dealerSide;
    private ShareStore store;

    @AfterEach
    void close() {
        if (dealerSide != null) {
            dealerSide.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Connects a holder session for bob to a scripted dealer with {@code dealer}'s identity. */
    private void connect(Identity dealer) throws Exception {
        BlockingQueue<SecureChannel> accepted = new LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(1);
        server = ChannelServer.start(new InetSocketAddress("127.0.0.1", 0), dealer, TestPki.trust(),
                Set.of(Role.SHARE_HOLDER), Limits.defaults(), channel -> {
                    accepted.add(channel);
                    done.await();
                });
        store = new ShareStore(dir.resolve("bob"), bob);
        HolderSession session = new HolderSession(bob, TestPki.trust(), store, question -> approve.get(),
                new PrintWriter(events, true), Clock.systemUTC());
        SecureChannel holderSide = SecureChannel.connect("127.0.0.1", server.port(), bob, TestPki.trust(),
                Set.of(Role.DEALER), null, Duration.ofSeconds(10));
        Thread t = new Thread(() -> {
            try {
                session.serve(holderSide);
            } catch (Exception e) {
                // channel closed at the end of the test
            } finally {
                done.countDown();
            }
        });
        t.setDaemon(true);
        t.start();
        dealerSide = accepted.poll(10, TimeUnit.SECONDS);
    }

    private SecureChannel.Message answer() throws Exception {
        dealerSide.setReadTimeout(Duration.ofSeconds(10));
        return dealerSide.receive();
    }

    private record Dealt(VaultId vault, Dealing dealing) {}

    private Dealt offer(int x, List<String> names) throws Exception {
        Dealing dealing = Feldman.split(Feldman.randomSecret(RANDOM), 2, names.size(), RANDOM);
        VaultId vault = VaultId.random(RANDOM);
        dealerSide.send(SharingKinds.SHARE_OFFER, new ShareOffer(vault, 0, x, names, dealing.commitments(),
                dealing.shares().get(x - 1)).encode());
        return new Dealt(vault, dealing);
    }

    @Test
    void storesAVerifiedShareSealedToItselfAndSignsAReceipt() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Dealt d = offer(2, NAMES);
        SecureChannel.Message m = answer();
        assertThat(m.kind()).isEqualTo(SharingKinds.RECEIPT);
        Receipt.decode(m.payload()).verify(d.vault(), 0, 2, d.dealing().commitments(), bob.publicKey());
        Path file = store.fileOf(d.vault(), 0);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        byte[] y = java.util.Arrays.copyOfRange(d.dealing().shares().get(1).toBytes(), 1, 33);
        assertThat(indexOf(Files.readAllBytes(file), y)).isNegative();
        assertThat(store.read(d.vault(), 0).share()).isEqualTo(d.dealing().shares().get(1));
    }

    @Test
    void refusesASecondShareOfAVaultItHoldsSayingSo() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Dealt d = offer(2, NAMES);
        assertThat(answer().kind()).isEqualTo(SharingKinds.RECEIPT);
        dealerSide.send(SharingKinds.SHARE_OFFER, new ShareOffer(d.vault(), 0, 2, NAMES, d.dealing().commitments(),
                d.dealing().shares().get(1)).encode());
        SecureChannel.Message m = answer();
        assertThat(m.kind()).isEqualTo(SharingKinds.REFUSAL);
        assertThat(Refusal.decode(m.payload()).reason()).isEqualTo(Refusal.Reason.ALREADY_HELD);
        assertThat(Refusal.Reason.ALREADY_HELD.code()).isEqualTo(7);
        assertThat(store.epochs(d.vault())).containsExactly(0L);
    }

    @Test
    void refusesAShareMeantForAnotherHolder() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Dealt d = offer(1, NAMES);
        SecureChannel.Message m = answer();
        assertThat(m.kind()).isEqualTo(SharingKinds.REFUSAL);
        assertThat(Refusal.decode(m.payload()).reason()).isEqualTo(Refusal.Reason.VERIFICATION_FAILED);
        assertThat(store.epochs(d.vault())).isEmpty();
        assertThat(events.toString()).contains("it is for 'alice' (x=1), not for me");
    }

    @Test
    void refusesAShareThatDoesNotMatchTheCommitments() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Dealing dealing = Feldman.split(Feldman.randomSecret(RANDOM), 2, 3, RANDOM);
        Dealing other = Feldman.split(Feldman.randomSecret(RANDOM), 2, 3, RANDOM);
        VaultId vault = VaultId.random(RANDOM);
        dealerSide.send(SharingKinds.SHARE_OFFER, new ShareOffer(vault, 0, 2, NAMES, dealing.commitments(),
                other.shares().get(1)).encode());
        assertThat(answer().kind()).isEqualTo(SharingKinds.REFUSAL);
        assertThat(store.epochs(vault)).isEmpty();
    }

    @Test
    void returnsItsShareBoundToTheNonceOnlyWithApproval() throws Exception {
        Identity dealer = TestPki.identity("dealer", Role.DEALER);
        connect(dealer);
        Dealt d = offer(2, NAMES);
        answer();
        approve.set(false);
        CollectRequest first = CollectRequest.sign(d.vault(), 0, dealer.privateKey(), RANDOM);
        dealerSide.send(SharingKinds.COLLECT_REQUEST, first.encode());
        assertThat(Refusal.decode(answer().payload()).reason()).isEqualTo(Refusal.Reason.DECLINED_BY_USER);
        approve.set(true);
        CollectRequest request = CollectRequest.sign(d.vault(), 0, dealer.privateKey(), RANDOM);
        dealerSide.send(SharingKinds.COLLECT_REQUEST, request.encode());
        SecureChannel.Message m = answer();
        assertThat(m.kind()).isEqualTo(SharingKinds.SHARE_RETURN);
        ShareReturn r = ShareReturn.decode(m.payload());
        r.verify(request, bob.publicKey());
        assertThat(r.share()).isEqualTo(d.dealing().shares().get(1));
        assertThatThrownBy(() -> r.verify(first, bob.publicKey())).hasMessageContaining("stale nonce");
    }

    @Test
    void returnsItsShareOnlyToTheDealerWhoDealtIt() throws Exception {
        Identity dealer = TestPki.identity("dealer", Role.DEALER);
        connect(dealer);
        Dealt d = offer(2, NAMES);
        answer();
        close();
        Identity other = TestPki.identity("other-dealer", Role.DEALER);
        connect(other);
        dealerSide.send(SharingKinds.COLLECT_REQUEST,
                CollectRequest.sign(d.vault(), 0, other.privateKey(), RANDOM).encode());
        assertThat(Refusal.decode(answer().payload()).reason()).isEqualTo(Refusal.Reason.VERIFICATION_FAILED);
    }

    @Test
    void reportsADamagedStoredShareInsteadOfReturningIt() throws Exception {
        Identity dealer = TestPki.identity("dealer", Role.DEALER);
        connect(dealer);
        Dealt d = offer(2, NAMES);
        answer();
        Path file = store.fileOf(d.vault(), 0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 40] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> store.read(d.vault(), 0)).isInstanceOf(EnvelopeException.class);
        dealerSide.send(SharingKinds.COLLECT_REQUEST,
                CollectRequest.sign(d.vault(), 0, dealer.privateKey(), RANDOM).encode());
        assertThat(Refusal.decode(answer().payload()).reason()).isEqualTo(Refusal.Reason.STORED_SHARE_DAMAGED);
    }

    @Test
    void refreshKeepsTheOldShareUntilTheDealerCommits() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Dealt d = offer(2, NAMES);
        answer();
        Refresh refresh = Refresh.create(d.dealing().commitments(), List.of(1, 2, 3), RANDOM);
        dealerSide.send(SharingKinds.REFRESH_OFFER, new RefreshOffer(d.vault(), 0, 1, 2, d.dealing().commitments(),
                refresh.commitments(), refresh.deltas().get(1)).encode());
        SecureChannel.Message m = answer();
        assertThat(m.kind()).isEqualTo(SharingKinds.RECEIPT);
        var next = Refresh.refreshCommitments(d.dealing().commitments(), refresh.commitments());
        Receipt.decode(m.payload()).verify(d.vault(), 1, 2, next, bob.publicKey());
        assertThat(store.epochs(d.vault())).containsExactly(0L, 1L);
        dealerSide.send(SharingKinds.EPOCH_COMMIT, new EpochNotice(d.vault(), 1).encode());
        awaitEpochs(d.vault(), List.of(1L));
        Share refreshed = store.read(d.vault(), 1).share();
        next.verify(refreshed);
        assertThat(refreshed).isNotEqualTo(d.dealing().shares().get(1));
    }

    @Test
    void anAbortedRefreshKeepsTheOldShare() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Dealt d = offer(2, NAMES);
        answer();
        Refresh refresh = Refresh.create(d.dealing().commitments(), List.of(1, 2, 3), RANDOM);
        dealerSide.send(SharingKinds.REFRESH_OFFER, new RefreshOffer(d.vault(), 0, 1, 2, d.dealing().commitments(),
                refresh.commitments(), refresh.deltas().get(1)).encode());
        answer();
        dealerSide.send(SharingKinds.EPOCH_ABORT, new EpochNotice(d.vault(), 1).encode());
        awaitEpochs(d.vault(), List.of(0L));
        dealerSide.send(SharingKinds.SHARE_DELETE, new EpochNotice(d.vault(), 0).encode());
        awaitEpochs(d.vault(), List.of());
    }

    @Test
    void aSubShareThatDoesNotVerifyIsRefusedNamingItsSender() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Identity alice = TestPki.identity("alice", Role.SHARE_HOLDER);
        Identity carol = TestPki.identity("carol", Role.SHARE_HOLDER);
        Dealing old = Feldman.split(Feldman.randomSecret(RANDOM), 2, 3, RANDOM);
        VaultId vault = VaultId.random(RANDOM);
        Redistribution plan = new Redistribution(old.commitments(), List.of(1, 3), 2, List.of(1, 2));
        SubSharing fromAlice = plan.subShare(old.shares().get(0), RANDOM);
        SubSharing aliceAgain = plan.subShare(old.shares().get(0), RANDOM);
        SubSharing fromCarol = plan.subShare(old.shares().get(2), RANDOM);
        List<SubShareDelivery.Part> parts = List.of(
                // alice's commitments, but a sub-share from another of her polynomials: does not verify
                new SubShareDelivery.Part(1, "alice", alice.certificate(), fromAlice.commitments(),
                        SealedSubShare.seal(aliceAgain.subShareFor(2), vault, 1, alice.privateKey(), alice.publicKey(),
                                bob.publicKey())),
                new SubShareDelivery.Part(3, "carol", carol.certificate(), fromCarol.commitments(),
                        SealedSubShare.seal(fromCarol.subShareFor(2), vault, 1, carol.privateKey(), carol.publicKey(),
                                bob.publicKey())));
        dealerSide.send(SharingKinds.SUBSHARE_DELIVERY, new SubShareDelivery(vault, 0, 1, old.commitments(), 2,
                List.of("frank", "bob"), 2, parts).encode());
        Refusal refusal = Refusal.decode(answer().payload());
        assertThat(refusal.reason()).isEqualTo(Refusal.Reason.BAD_SUBSHARE);
        assertThat(refusal.blamedX()).isEqualTo(1);
        assertThat(events.toString()).contains("from old holder 'alice' (x=1) does not verify");
        assertThat(store.epochs(vault)).isEmpty();
    }

    @Test
    void storesANewShareFromVerifiedSubSharesWithoutTheSecret() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Identity alice = TestPki.identity("alice", Role.SHARE_HOLDER);
        Identity carol = TestPki.identity("carol", Role.SHARE_HOLDER);
        Dealing old = Feldman.split(Feldman.randomSecret(RANDOM), 2, 3, RANDOM);
        VaultId vault = VaultId.random(RANDOM);
        Redistribution plan = new Redistribution(old.commitments(), List.of(1, 3), 2, List.of(1, 2));
        SubSharing fromAlice = plan.subShare(old.shares().get(0), RANDOM);
        SubSharing fromCarol = plan.subShare(old.shares().get(2), RANDOM);
        List<SubShareDelivery.Part> parts = List.of(
                new SubShareDelivery.Part(1, "alice", alice.certificate(), fromAlice.commitments(),
                        SealedSubShare.seal(fromAlice.subShareFor(2), vault, 1, alice.privateKey(), alice.publicKey(),
                                bob.publicKey())),
                new SubShareDelivery.Part(3, "carol", carol.certificate(), fromCarol.commitments(),
                        SealedSubShare.seal(fromCarol.subShareFor(2), vault, 1, carol.privateKey(), carol.publicKey(),
                                bob.publicKey())));
        dealerSide.send(SharingKinds.SUBSHARE_DELIVERY, new SubShareDelivery(vault, 0, 1, old.commitments(), 2,
                List.of("frank", "bob"), 2, parts).encode());
        var next = plan.combineCommitments(java.util.Map.of(1, fromAlice.commitments(), 3, fromCarol.commitments()));
        SecureChannel.Message m = answer();
        assertThat(m.kind()).isEqualTo(SharingKinds.RECEIPT);
        Receipt.decode(m.payload()).verify(vault, 1, 2, next, bob.publicKey());
        next.verify(store.read(vault, 1).share());
        assertThat(next.secretCommitment()).isEqualTo(old.commitments().secretCommitment());
    }

    @Test
    void commitsAreConfirmedAndAnAbortNeverWipesACommittedShare() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Dealt d = offer(2, NAMES);
        answer();
        assertThat(store.binding(d.vault()).isPending(0)).isTrue();
        dealerSide.send(SharingKinds.EPOCH_COMMIT, new EpochNotice(d.vault(), 0).encode());
        SecureChannel.Message m = answer();
        assertThat(m.kind()).isEqualTo(SharingKinds.NOTICE_DONE);
        assertThat(NoticeDone.decode(m.payload())).isEqualTo(new NoticeDone(SharingKinds.EPOCH_COMMIT, d.vault(), 0));
        assertThat(store.binding(d.vault()).isPending(0)).isFalse();
        dealerSide.send(SharingKinds.EPOCH_ABORT, new EpochNotice(d.vault(), 0).encode());
        dealerSide.send(SharingKinds.EPOCH_COMMIT, new EpochNotice(d.vault(), 5).encode());
        // The abort is not answered; the commit of an epoch not held is refused and wipes nothing.
        assertThat(Refusal.decode(answer().payload()).reason()).isEqualTo(Refusal.Reason.NO_SUCH_SHARE);
        assertThat(store.epochs(d.vault())).containsExactly(0L);
        dealerSide.send(SharingKinds.SHARE_DELETE, new EpochNotice(d.vault(), 0).encode());
        assertThat(answer().kind()).isEqualTo(SharingKinds.NOTICE_DONE);
        assertThat(store.epochs(d.vault())).isEmpty();
        assertThat(store.binding(d.vault())).isNull();
        // A delete repeated because its confirmation was lost is confirmed again.
        dealerSide.send(SharingKinds.SHARE_DELETE, new EpochNotice(d.vault(), 0).encode());
        assertThat(answer().kind()).isEqualTo(SharingKinds.NOTICE_DONE);
    }

    @Test
    void aDamagedBindingRefusesEveryNoticeAndKeepsTheShares() throws Exception {
        Identity dealer = TestPki.identity("dealer", Role.DEALER);
        connect(dealer);
        Dealt d = offer(2, NAMES);
        answer();
        Path binding = store.bindingFile(d.vault());
        byte[] bytes = Files.readAllBytes(binding);
        bytes[bytes.length - 20] ^= 1;
        Files.write(binding, bytes);
        for (int kind : List.of(SharingKinds.EPOCH_COMMIT, SharingKinds.SHARE_DELETE)) {
            dealerSide.send(kind, new EpochNotice(d.vault(), 0).encode());
            assertThat(Refusal.decode(answer().payload()).reason()).isEqualTo(Refusal.Reason.STORED_SHARE_DAMAGED);
        }
        dealerSide.send(SharingKinds.COLLECT_REQUEST, CollectRequest.sign(d.vault(), 0, dealer.privateKey(), RANDOM)
                .encode());
        assertThat(Refusal.decode(answer().payload()).reason()).isEqualTo(Refusal.Reason.STORED_SHARE_DAMAGED);
        assertThat(store.epochs(d.vault())).containsExactly(0L);
        assertThat(events.toString()).contains("my record of which dealer it belongs to is damaged");
    }

    /**
     * Issue 10 item 1 at the holder: a delivery that verifies in every respect (a made-up sharing sub-shared
     * by one share-holder key twice, sealed to bob) is stored for a vault bob has nothing of, but refused
     * for a vault bound to another dealer, whatever old epoch it names.
     */
    @Test
    void aVerifyingDeliveryFromAnotherDealerKeyIsRefusedForABoundVault() throws Exception {
        connect(TestPki.identity("dealer", Role.DEALER));
        Dealt d = offer(2, NAMES);
        answer();
        close();
        connect(TestPki.identity("mallory", Role.DEALER));
        Identity carol = TestPki.identity("carol", Role.SHARE_HOLDER);
        dealerSide.send(SharingKinds.SUBSHARE_DELIVERY, forgedDelivery(d.vault(), 70, 71, carol).encode());
        Refusal refusal = Refusal.decode(answer().payload());
        assertThat(refusal.reason()).isEqualTo(Refusal.Reason.VERIFICATION_FAILED);
        assertThat(refusal.epoch()).isEqualTo(71);
        for (int kind : List.of(SharingKinds.EPOCH_COMMIT, SharingKinds.SHARE_DELETE)) {
            dealerSide.send(kind, new EpochNotice(d.vault(), 71).encode());
            assertThat(Refusal.decode(answer().payload()).reason()).isEqualTo(Refusal.Reason.VERIFICATION_FAILED);
        }
        assertThat(store.epochs(d.vault())).containsExactly(0L);
        assertThat(store.read(d.vault(), 0).share()).isEqualTo(d.dealing().shares().get(1));

        VaultId fresh = VaultId.random(RANDOM);
        dealerSide.send(SharingKinds.SUBSHARE_DELIVERY, forgedDelivery(fresh, 70, 71, carol).encode());
        assertThat(answer().kind()).isEqualTo(SharingKinds.RECEIPT);
        assertThat(store.epochs(fresh)).containsExactly(71L);
    }

    private SubShareDelivery forgedDelivery(VaultId vault, long oldEpoch, long newEpoch, Identity sender)
            throws Exception {
        Dealing made = Feldman.split(Feldman.randomSecret(RANDOM), 2, 2, RANDOM);
        Redistribution plan = new Redistribution(made.commitments(), List.of(1, 2), 2, List.of(1, 2));
        List<SubShareDelivery.Part> parts = new java.util.ArrayList<>();
        for (int x = 1; x <= 2; x++) {
            SubSharing sub = plan.subShare(made.shares().get(x - 1), RANDOM);
            parts.add(new SubShareDelivery.Part(x, sender.name(), sender.certificate(), sub.commitments(),
                    SealedSubShare.seal(sub.subShareFor(2), vault, newEpoch, sender.privateKey(), sender.publicKey(),
                            bob.publicKey())));
        }
        return new SubShareDelivery(vault, oldEpoch, newEpoch, made.commitments(), 2, List.of("carol", "bob"), 2,
                parts);
    }

    private void awaitEpochs(VaultId vault, List<Long> expected) throws Exception {
        for (int i = 0; i < 100 && !store.epochs(vault).equals(expected); i++) {
            Thread.sleep(50);
        }
        assertThat(store.epochs(vault)).isEqualTo(expected);
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
