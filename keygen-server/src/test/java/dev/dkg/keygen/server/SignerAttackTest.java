package dev.dkg.keygen.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.channel.ChannelServer;
import dev.dkg.channel.Limits;
import dev.dkg.channel.PeerRejectedException;
import dev.dkg.channel.SecureChannel;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.pki.Role;
import dev.dkg.signing.CommitRequest;
import dev.dkg.signing.NonceCommitment;
import dev.dkg.signing.ShareReply;
import dev.dkg.signing.ShareRequest;
import dev.dkg.signing.Signer;
import dev.dkg.signing.SigningMessages;
import dev.dkg.testing.TestPki;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile Coordinator against an honest signer: the attacks that would make the signer reuse its nonces
 * (two signature shares for one commitment pair reveal the secret share) are refused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignerAttackTest {
    private static final byte[] MESSAGE = "release the funds".getBytes(StandardCharsets.UTF_8);

    /** What the hostile Coordinator saw, and how its last request was answered. */
    private record Seen(List<byte[]> shares, Throwable last) {}

    /**
     * Runs round one honestly with alice (of a 2-of-3 key, with bob's commitments made up by the attacker from
     * honest nonces of its own), answers nothing else, then plays {@code attack} after the first round two.
     */
    private Seen attack(Attack attack) throws Exception {
        SigningFixture keys = new SigningFixture();
        SigningFixture.DealtKey key = keys.deal(Ciphersuite.ED25519, 2, 3);
        keys.close();
        List<byte[]> shares = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Throwable> last = new CompletableFuture<>();
        try (ChannelServer coordinator = ChannelServer.start(new InetSocketAddress("127.0.0.1", 0), SigningFixture.SERVER,
                TestPki.trust(), Set.of(Role.KEYGEN_CLIENT), Limits.defaults(), channel -> {
                    try {
                        channel.receive(Set.of(SigningMessages.SIGNER_READY));
                        byte[] session = new byte[16];
                        new SecureRandom().nextBytes(session);
                        channel.send(SigningMessages.COMMIT_REQUEST,
                                new CommitRequest(session, key.key().keyId(), "rita", List.of(1, 2), MESSAGE).encode());
                        NonceCommitment alice = NonceCommitment.decode(
                                channel.receive(Set.of(SigningMessages.COMMITMENT)).payload(), 32);
                        var bobNonces = new dev.dkg.frost.Frost(Ciphersuite.ED25519).commit(key.shareOf("bob"), new SecureRandom());
                        List<ShareRequest.Entry> list = List.of(
                                new ShareRequest.Entry(1, alice.hiding(), alice.binding()),
                                new ShareRequest.Entry(2, bobNonces.commitment().hiding().toBytes(),
                                        bobNonces.commitment().binding().toBytes()));
                        channel.send(SigningMessages.SHARE_REQUEST, new ShareRequest(session, list, MESSAGE).encode());
                        shares.add(ShareReply.decode(channel.receive(Set.of(SigningMessages.SIGNATURE_SHARE)).payload(), 32).share());
                        attack.play(channel, session, list);
                        channel.receive();
                        last.complete(null);
                    } catch (Throwable t) {
                        last.complete(t);
                    }
                })) {
            SecureChannel c = SecureChannel.connect("127.0.0.1", coordinator.port(), SigningFixture.holder("alice"),
                    TestPki.trust(), Set.of(Role.KEYGEN_SERVER), null, Duration.ofSeconds(10));
            Signer alice = new Signer(key.key(), key.shareOf("alice"), "alice", r -> true, line -> { }, new SecureRandom());
            assertThatThrownBy(() -> alice.serve(c, true)).isInstanceOf(Signer.SigningRefusedException.class)
                    .hasMessageContaining("refused");
            return new Seen(shares, last.get(10, TimeUnit.SECONDS));
        }
    }

    @FunctionalInterface
    private interface Attack {
        void play(SecureChannel channel, byte[] session, List<ShareRequest.Entry> list) throws Exception;
    }

    @Test
    void aReplayedRoundTwoRequestIsRefused() throws Exception {
        Seen seen = attack((channel, session, list) ->
                channel.send(SigningMessages.SHARE_REQUEST, new ShareRequest(session, list, MESSAGE).encode()));
        assertThat(seen.shares()).hasSize(1);
        assertThat(seen.last()).isInstanceOf(PeerRejectedException.class);
    }

    @Test
    void aSecondRoundTwoForTheSameCommitmentsWithAnotherMessageIsRefused() throws Exception {
        byte[] other = "release all the funds".getBytes(StandardCharsets.UTF_8);
        Seen seen = attack((channel, session, list) ->
                channel.send(SigningMessages.SHARE_REQUEST, new ShareRequest(session, list, other).encode()));
        assertThat(seen.shares()).hasSize(1);
        assertThat(seen.last()).isInstanceOf(PeerRejectedException.class);
    }
}
