package dev.dkg.channel;

import static dev.dkg.channel.ChannelFixture.TIMEOUT;
import static dev.dkg.channel.ChannelFixture.awaitTrue;
import static dev.dkg.channel.ChannelFixture.client;
import static dev.dkg.channel.ChannelFixture.connect;
import static dev.dkg.channel.ChannelFixture.fastLimits;
import static dev.dkg.channel.ChannelFixture.raw;
import static dev.dkg.channel.ChannelFixture.startServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.testing.TestPki;
import dev.dkg.pki.Role;
import dev.dkg.wire.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection limits of {@link ChannelServer}: pending handshakes and authenticated sessions are capped
 * separately, a full pending set drops its oldest member rather than refuse the newcomer, a full session set
 * answers ERROR busy, one certificate gets at most its own share of sessions, idle sessions are cut by the idle
 * timeout and a peer that stops reading by the write deadline.
 */
class ChannelServerLimitsTest {
    private ChannelServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rejectsLimitsThatCannotWork() {
        assertThatThrownBy(() -> Limits.defaults().withMaxSessionsPerPeer(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per peer");
        assertThatThrownBy(() -> Limits.defaults().withWriteDeadline(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write deadline");
        assertThat(Limits.defaults().maxSessionsPerPeer()).isEqualTo(8);
        assertThat(Limits.defaults().writeDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Limits.defaults().withMaxPendingHandshakes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pending handshakes");
        assertThatThrownBy(() -> Limits.defaults().withMaxConnections(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connections");
        Limits l = Limits.defaults().withMaxPendingHandshakes(7).withMaxConnections(3);
        assertThat(l.maxPendingHandshakes()).isEqualTo(7);
        assertThat(l.maxConnections()).isEqualTo(3);
    }

    @Test
    void connectionsThatNeverFinishAHandshakeDoNotCountAgainstSessions() throws Exception {
        server = startServer(fastLimits().withMaxConnections(1).withMaxPendingHandshakes(8), ChannelFixture::echo);
        try (Socket idle = raw(server)) {
            awaitTrue(() -> server.pendingHandshakes() == 1, TIMEOUT, "idle connection pending");
            try (SecureChannel ch = connect(server, client())) {
                ch.send(1, new byte[] {1});
                assertThat(ch.receive().payload()).containsExactly(1);
                assertThat(server.sessions()).isEqualTo(1);
            }
            assertThat(idle.isClosed()).isFalse();
        }
    }

    @Test
    void aFullPendingSetDropsItsOldestConnectionToAdmitANewOne() throws Exception {
        server = startServer(fastLimits().withMaxPendingHandshakes(2), ChannelFixture::echo);
        try (Socket oldest = raw(server); Socket second = raw(server)) {
            awaitTrue(() -> server.pendingHandshakes() == 2, TIMEOUT, "two pending");
            try (SecureChannel ch = connect(server, client())) {
                ch.send(1, new byte[] {2});
                assertThat(ch.receive().payload()).containsExactly(2);
            }
            assertThat(server.droppedHandshakes()).isEqualTo(1);
            assertThat(readUntilClosed(oldest)).as("the oldest is closed, nothing sent").isEqualTo(-1);
            second.setSoTimeout(200);
            assertThatThrownBy(() -> second.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void hundredsOfIdleConnectionsDoNotLockOutAGoodClient() throws Exception {
        server = startServer(fastLimits().withMaxPendingHandshakes(16).withHandshakeDeadline(Duration.ofSeconds(30)),
                ChannelFixture::echo);
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                idle.add(raw(server));
            }
            awaitTrue(() -> server.droppedHandshakes() >= 300 - 16, TIMEOUT, "surplus idle connections dropped");
            assertThat(server.pendingHandshakes()).isLessThanOrEqualTo(16);
            for (int i = 0; i < 20; i++) {
                try (SecureChannel ch = connect(server, client())) {
                    ch.send(1, new byte[] {(byte) i});
                    assertThat(ch.receive().payload()).containsExactly(i);
                }
            }
            assertThat(server.authenticatedConnections()).isEqualTo(20);
            assertThat(server.busyRejections()).isZero();
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        awaitTrue(() -> server.activeConnections() == 0, TIMEOUT, "all released");
    }

    @Test
    void refusesSessionsOverTheCapWithBusy() throws Exception {
        server = startServer(fastLimits().withMaxConnections(1), ChannelFixture::echo);
        try (SecureChannel first = connect(server, client())) {
            awaitTrue(() -> server.sessions() == 1, TIMEOUT, "first session counted");
            assertThatThrownBy(() -> {
                try (SecureChannel second = connect(server, TestPki.identity("bob", Role.KEYGEN_CLIENT))) {
                    second.receive();
                }
            }).isInstanceOfSatisfying(PeerRejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
            assertThat(server.busyRejections()).isEqualTo(1);
            first.send(1, new byte[] {3});
            assertThat(first.receive().payload()).containsExactly(3);
        }
        awaitTrue(() -> server.activeConnections() == 0, TIMEOUT, "slot released");
        try (SecureChannel ch = connect(server, client())) {
            ch.send(1, new byte[] {4});
            assertThat(ch.receive().payload()).containsExactly(4);
        }
    }

    @Test
    void anIdleSessionIsCutByTheIdleTimeoutAndFreesItsPlace() throws Exception {
        server = startServer(fastLimits().withMaxConnections(1).withIdleTimeout(Duration.ofMillis(300)),
                ChannelFixture::echo);
        try (SecureChannel idle = connect(server, client())) {
            assertThatThrownBy(idle::receive).isInstanceOfSatisfying(PeerRejectedException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        }
        awaitTrue(() -> server.sessions() == 0, TIMEOUT, "idle session released");
        try (SecureChannel ch = connect(server, client())) {
            ch.send(1, new byte[] {5});
            assertThat(ch.receive().payload()).containsExactly(5);
        }
    }

    @Test
    void oneCertificateCannotTakeEverySession() throws Exception {
        // Mallory's certificate is valid but the role's own rules need not give it anything: it must not be
        // able to hold every place. With 6 places and 2 per certificate, she gets 2 and the others get in.
        server = startServer(fastLimits().withMaxConnections(6).withMaxSessionsPerPeer(2), ChannelFixture::echo);
        var mallory = TestPki.identity("mallory", Role.KEYGEN_CLIENT);
        List<SecureChannel> hers = new ArrayList<>();
        int refused = 0;
        try {
            for (int i = 0; i < 10; i++) {
                SecureChannel ch = connect(server, mallory);
                hers.add(ch);
                try {
                    ch.send(1, new byte[] {(byte) i});
                    assertThat(ch.receive().payload()).containsExactly(i);
                } catch (PeerRejectedException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.BUSY);
                    refused++;
                }
            }
            assertThat(refused).as("mallory's sessions refused").isEqualTo(8);
            assertThat(server.sessions()).isEqualTo(2);
            for (String other : List.of("alice", "bob", "carol")) {
                try (SecureChannel a = connect(server, TestPki.identity(other, Role.KEYGEN_CLIENT));
                     SecureChannel b = connect(server, TestPki.identity(other, Role.KEYGEN_CLIENT))) {
                    a.send(1, new byte[] {7});
                    b.send(1, new byte[] {8});
                    assertThat(a.receive().payload()).containsExactly(7);
                    assertThat(b.receive().payload()).containsExactly(8);
                }
            }
        } finally {
            hers.forEach(SecureChannel::close);
        }
        awaitTrue(() -> server.sessions() == 0, TIMEOUT, "every session released");
        // Her places come back once her sessions end.
        try (SecureChannel ch = connect(server, mallory)) {
            ch.send(1, new byte[] {9});
            assertThat(ch.receive().payload()).containsExactly(9);
        }
    }

    @Test
    void aPeerThatStopsReadingIsCutAfterTheWriteDeadline() throws Exception {
        // The handler streams large messages to a client that never reads: once the socket buffers are full
        // a write blocks, and without a deadline it would hold the handler's thread for ever.
        java.util.concurrent.atomic.AtomicReference<Exception> ended = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        server = startServer(fastLimits().withMaxConnections(1).withWriteDeadline(Duration.ofMillis(500)), ch -> {
            byte[] chunk = new byte[256 * 1024];
            try {
                while (true) {
                    ch.send(1, chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (Exception e) {
                ended.set(e);
                throw e;
            }
        });
        try (SecureChannel stalled = connect(server, client())) {
            awaitTrue(() -> ended.get() != null, Duration.ofSeconds(30), "the stalled write cut");
            assertThat(ended.get()).isInstanceOfSatisfying(ChannelException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT)).hasMessageContaining("did not read a frame");
            assertThat(written.get()).as("bytes the peer's buffers took first").isPositive();
            awaitTrue(() -> server.sessions() == 0, TIMEOUT, "the place freed");
            try (SecureChannel next = connect(server, TestPki.identity("bob", Role.KEYGEN_CLIENT))) {
                assertThat(next.receive().payload()).hasSize(256 * 1024);
            }
            assertThat(stalled.isClosed()).isFalse();
        }
    }

    /** Reads until end of stream or reset; returns -1 when the peer closed. */
    private static int readUntilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                if (b >= 0) {
                    return b;
                }
            }
            return -1;
        } catch (java.net.SocketException e) {
            return -1;
        }
    }
}
