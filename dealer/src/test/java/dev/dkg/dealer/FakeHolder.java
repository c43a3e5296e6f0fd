package dev.dkg.dealer;

import dev.dkg.channel.SecureChannel;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.sharing.CollectRequest;
import dev.dkg.sharing.EpochNotice;
import dev.dkg.sharing.NoticeDone;
import dev.dkg.sharing.Receipt;
import dev.dkg.sharing.Refusal;
import dev.dkg.sharing.ShareOffer;
import dev.dkg.sharing.ShareReturn;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.testing.TestPki;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Share;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted share holder for protocol tests: speaks the real messages over a real channel, and can be told
 * to misbehave (return a tampered share, replay an old answer, refuse).
 */
final class FakeHolder implements AutoCloseable {
    enum Behaviour { HONEST, TAMPER, REPLAY, REFUSE }

    /** Whether EPOCH_COMMIT and SHARE_DELETE are answered with NOTICE_DONE (false: as if the notice was lost). */
    volatile boolean confirmNotices = true;
    /** Closes the connection right after sending a receipt, as a holder that crashes would. */
    volatile boolean closeAfterReceipt;

    final Identity identity;
    final List<Integer> kindsReceived = new CopyOnWriteArrayList<>();
    volatile Behaviour behaviour = Behaviour.HONEST;
    /** The reason a {@link Behaviour#REFUSE} holder gives. */
    volatile Refusal.Reason refusal = Refusal.Reason.VERIFICATION_FAILED;
    volatile Share share;
    volatile Commitments commitments;
    volatile byte[] lastAnswer;
    private final SecureChannel channel;
    private final Thread thread;

    private FakeHolder(Identity identity, SecureChannel channel) {
        this.identity = identity;
        this.channel = channel;
        this.thread = new Thread(this::serve, "fake-holder-" + identity.name());
        thread.setDaemon(true);
        thread.start();
    }

    static FakeHolder connect(Identity identity, int port) throws IOException {
        return new FakeHolder(identity, SecureChannel.connect("127.0.0.1", port, identity, TestPki.trust(),
                Set.of(Role.DEALER), null, Duration.ofSeconds(10)));
    }

    private void serve() {
        try {
            while (true) {
                SecureChannel.Message m = channel.receive();
                kindsReceived.add(m.kind());
                if (m.kind() == SharingKinds.SHARE_OFFER) {
                    ShareOffer offer = ShareOffer.decode(m.payload());
                    share = offer.share();
                    commitments = offer.commitments();
                    if (behaviour == Behaviour.REFUSE) {
                        channel.send(SharingKinds.REFUSAL, new Refusal(offer.vault(), offer.epoch(),
                                refusal, 0).encode());
                    } else {
                        channel.send(SharingKinds.RECEIPT, Receipt.sign(offer.vault(), offer.epoch(), offer.x(),
                                offer.commitments(), identity.privateKey()).encode());
                        if (closeAfterReceipt) {
                            channel.close();
                            return;
                        }
                    }
                } else if ((m.kind() == SharingKinds.EPOCH_COMMIT || m.kind() == SharingKinds.SHARE_DELETE)
                        && confirmNotices) {
                    EpochNotice n = EpochNotice.decode(m.payload());
                    channel.send(SharingKinds.NOTICE_DONE, new NoticeDone(m.kind(), n.vault(), n.epoch()).encode());
                } else if (m.kind() == SharingKinds.COLLECT_REQUEST) {
                    CollectRequest request = CollectRequest.decode(m.payload());
                    byte[] answer;
                    switch (behaviour) {
                        case TAMPER -> {
                            byte[] b = share.toBytes();
                            b[32] ^= 0x01;
                            answer = ShareReturn.sign(request, Share.fromBytes(b), identity.privateKey()).encode();
                        }
                        case REPLAY -> answer = lastAnswer;
                        case REFUSE -> answer = null;
                        default -> answer = ShareReturn.sign(request, share, identity.privateKey()).encode();
                    }
                    if (answer == null) {
                        channel.send(SharingKinds.REFUSAL, new Refusal(request.vault(), request.epoch(),
                                Refusal.Reason.STORED_SHARE_DAMAGED, 0).encode());
                    } else {
                        channel.send(SharingKinds.SHARE_RETURN, answer);
                        lastAnswer = answer;
                    }
                }
            }
        } catch (Exception e) {
            // The dealer closed the connection, or the test did.
        }
    }

    boolean receivedAny(int kind) {
        return kindsReceived.contains(kind);
    }

    @Override
    public void close() throws InterruptedException {
        channel.close();
        thread.join(2000);
    }
}
