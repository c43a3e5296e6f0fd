package dev.dkg.channel;

import static dev.dkg.channel.ChannelFixture.CLIENTS;
import static dev.dkg.channel.ChannelFixture.SERVERS;
import static dev.dkg.channel.ChannelFixture.TIMEOUT;
import static dev.dkg.channel.ChannelFixture.awaitTrue;
import static dev.dkg.channel.ChannelFixture.client;
import static dev.dkg.channel.ChannelFixture.connect;
import static dev.dkg.channel.ChannelFixture.fastLimits;
import static dev.dkg.channel.ChannelFixture.hello;
import static dev.dkg.channel.ChannelFixture.raw;
import static dev.dkg.channel.ChannelFixture.read;
import static dev.dkg.channel.ChannelFixture.readError;
import static dev.dkg.channel.ChannelFixture.send;
import static dev.dkg.channel.ChannelFixture.server;
import static dev.dkg.channel.ChannelFixture.startServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.crypto.RsaPss;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameReader;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.FrameWriter;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecureChannelTest {
    private ChannelServer server;
    private final BlockingQueue<Object> seen = new ArrayBlockingQueue<>(16);

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            assertThat(server.activeConnections()).isZero();
        }
    }

    private ChannelServer echoServer() throws IOException {
        server = startServer(fastLimits(), channel -> {
            seen.add(channel.peer());
            seen.add(channel.sessionId());
            ChannelFixture.echo(channel);
        });
        return server;
    }

    @Test
    void roundTripsMessagesBothWaysWithAgreedSessionAndIdentities() throws Exception {
        echoServer();
        try (SecureChannel ch = connect(server, client())) {
            assertThat(ch.peer().name()).isEqualTo("keygen-1");
            assertThat(ch.peer().role()).isEqualTo(Role.KEYGEN_SERVER);
            for (int i = 0; i < 5; i++) {
                byte[] payload = ("message " + i).getBytes(StandardCharsets.UTF_8);
                ch.send(0x0100 + i, payload);
                SecureChannel.Message echoed = ch.receive();
                assertThat(echoed.kind()).isEqualTo(0x0100 + i);
                assertThat(echoed.payload()).isEqualTo(payload);
            }
            PeerIdentity seenClient = (PeerIdentity) seen.poll(5, TimeUnit.SECONDS);
            assertThat(seenClient.name()).isEqualTo("alice");
            assertThat(seenClient.role()).isEqualTo(Role.KEYGEN_CLIENT);
            assertThat((byte[]) seen.poll(5, TimeUnit.SECONDS)).isEqualTo(ch.sessionId()).hasSize(16);
        }
        awaitTrue(() -> server.activeConnections() == 0, TIMEOUT, "connection released");
        assertThat(server.authenticatedConnections()).isEqualTo(1);
    }

    @Test
    void eachConnectionGetsItsOwnSession() throws Exception {
        echoServer();
        try (SecureChannel a = connect(server, client()); SecureChannel b = connect(server, client())) {
            assertThat(a.sessionId()).isNotEqualTo(b.sessionId());
        }
    }

    @Test
    void rejectsClientCertificateFromAnotherCa() throws Exception {
        echoServer();
        Identity impostor = TestPki.foreignCaIdentity("alice", Role.KEYGEN_CLIENT);
        assertThatThrownBy(() -> connect(server, impostor))
                .isInstanceOfSatisfying(PeerRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION));
        awaitTrue(() -> server.refusedConnections() == 1, TIMEOUT, "refusal counted");
    }

    @Test
    void rejectsExpiredClientCertificate() throws Exception {
        echoServer();
        Identity expired = TestPki.expiredIdentity("alice", Role.KEYGEN_CLIENT);
        assertThatThrownBy(() -> connect(server, expired))
                .isInstanceOfSatisfying(PeerRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION));
    }

    @Test
    void rejectsClientWithARoleTheServiceDoesNotAccept() throws Exception {
        echoServer();
        Identity requester = TestPki.identity("rita", Role.OTP_REQUESTER);
        assertThatThrownBy(() -> connect(server, requester))
                .isInstanceOfSatisfying(PeerRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_AUTHORISED));
    }

    @Test
    void rejectsHelloClaimingARoleTheCertificateDoesNotHold() throws Exception {
        echoServer();
        try (Socket s = raw(server)) {
            send(s, FrameType.HELLO, hello(client(), Role.KEYGEN_SERVER.label()));
            assertThat(readError(s)).isEqualTo(ErrorCode.AUTHENTICATION);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void rejectsServerCertificateFromAnotherCa() throws Exception {
        server = ChannelServer.start(new java.net.InetSocketAddress("127.0.0.1", 0),
                TestPki.foreignCaIdentity("keygen-1", Role.KEYGEN_SERVER), TestPki.trust(), CLIENTS, fastLimits(),
                ChannelFixture::echo);
        assertThatThrownBy(() -> connect(server, client()))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e).isNotInstanceOf(PeerRejectedException.class);
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
                });
        awaitTrue(() -> server.refusedConnections() == 1, TIMEOUT, "server saw the client's ERROR");
    }

    @Test
    void rejectsExpiredServerCertificate() throws Exception {
        server = ChannelServer.start(new java.net.InetSocketAddress("127.0.0.1", 0),
                TestPki.expiredIdentity("keygen-1", Role.KEYGEN_SERVER), TestPki.trust(), CLIENTS, fastLimits(),
                ChannelFixture::echo);
        assertThatThrownBy(() -> connect(server, client()))
                .isInstanceOfSatisfying(ChannelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION));
    }

    @Test
    void rejectsServerWithTheWrongRole() throws Exception {
        echoServer();
        assertThatThrownBy(() -> SecureChannel.connect("127.0.0.1", server.port(), client(), TestPki.trust(),
                Set.of(Role.OTP_DISTRIBUTOR), null, TIMEOUT))
                .isInstanceOfSatisfying(ChannelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_AUTHORISED));
    }

    @Test
    void pinnedServerNameMustMatch() throws Exception {
        echoServer();
        assertThatThrownBy(() -> SecureChannel.connect("127.0.0.1", server.port(), client(), TestPki.trust(),
                SERVERS, "keygen-2", TIMEOUT))
                .isInstanceOfSatisfying(ChannelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_AUTHORISED))
                .hasMessageContaining("expected 'keygen-2'");
        try (SecureChannel ch = SecureChannel.connect("127.0.0.1", server.port(), client(), TestPki.trust(), SERVERS,
                "keygen-1", TIMEOUT)) {
            assertThat(ch.peer().name()).isEqualTo("keygen-1");
        }
    }

    @Test
    void rejectsBadClientSignature() throws Exception {
        echoServer();
        try (Socket s = raw(server)) {
            send(s, FrameType.HELLO, hello(client(), "keygen-client"));
            Frame reply = read(s);
            assertThat(reply.type()).isEqualTo(FrameType.HELLO_REPLY);
            // A genuine signature by the client's key, over the wrong transcript.
            byte[] wrong = RsaPss.sign(client().privateKey(), new byte[32]);
            send(s, FrameType.AUTH, new Auth(wrong).encode());
            assertThat(readError(s)).isEqualTo(ErrorCode.AUTHENTICATION);
        }
    }

    @Test
    void rejectsBadServerSignature() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread impostor = new Thread(() -> {
                try (Socket s = fake.accept()) {
                    read(s);
                    byte[] unsigned = HelloReply.encodeUnsigned(ChannelFixture.der(server().chain()), new byte[32]);
                    byte[] wrong = RsaPss.sign(server().privateKey(), new byte[32]);
                    send(s, FrameType.HELLO_REPLY, HelloReply.encode(unsigned, wrong));
                    seen.add(readError(s));
                } catch (Exception e) {
                    seen.add(e);
                }
            });
            impostor.start();
            assertThatThrownBy(() -> SecureChannel.connect("127.0.0.1", fake.getLocalPort(), client(), TestPki.trust(),
                    SERVERS, null, TIMEOUT))
                    .isInstanceOfSatisfying(ChannelException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION))
                    .hasMessageContaining("signature");
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.AUTHENTICATION);
        }
    }

    @Test
    void serverTimesOutAClientThatStallsPastTheDeadline() throws Exception {
        server = startServer(fastLimits().withHandshakeDeadline(Duration.ofMillis(300)), ChannelFixture::echo);
        try (Socket silent = raw(server); Socket trickling = raw(server)) {
            // One sends nothing; the other starts a HELLO a byte at a time and never finishes it.
            byte[] hello = FrameWriter.encode(FrameType.HELLO, hello(client(), "keygen-client"));
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                trickling.getOutputStream().write(hello[i]);
                Thread.sleep(40);
            }
            assertThat(readError(silent)).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(readError(trickling)).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        awaitTrue(() -> server.activeConnections() == 0, TIMEOUT, "stalled connections released");
    }

    @Test
    void clientTimesOutAServerThatNeverAnswers() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> SecureChannel.connect("127.0.0.1", mute.getLocalPort(), client(), TestPki.trust(),
                    SERVERS, null, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(ChannelException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void idlePeerIsTimedOut() throws Exception {
        server = startServer(fastLimits().withIdleTimeout(Duration.ofMillis(300)), ChannelFixture::echo);
        try (SecureChannel ch = connect(server, client())) {
            assertThatThrownBy(ch::receive).isInstanceOfSatisfying(PeerRejectedException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        }
    }

    @Test
    void handlerFailureSendsAGenericErrorAndCloses() throws Exception {
        server = startServer(fastLimits(), channel -> {
            throw new IllegalStateException("role logic bug");
        });
        try (SecureChannel ch = connect(server, client())) {
            assertThatThrownBy(ch::receive).isInstanceOfSatisfying(PeerRejectedException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL))
                    .message().doesNotContain("role logic bug");
        }
    }

    @Test
    void serverSeesEndOfStreamWhenTheClientCloses() throws Exception {
        server = startServer(fastLimits(), channel -> {
            try {
                channel.receive();
            } catch (EOFException e) {
                seen.add("eof");
            }
        });
        connect(server, client()).close();
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("eof");
    }

    @Test
    void rejectsReplayedSealedFrame() throws Exception {
        echoServer();
        try (FrameProxy proxy = new FrameProxy(server.port(), frames -> frames.size() == 1
                && frames.get(0).type() == FrameType.SEALED ? List.of(frames.get(0), frames.get(0)) : frames)) {
            try (SecureChannel ch = SecureChannel.connect("127.0.0.1", proxy.port(), client(), TestPki.trust(),
                    SERVERS, null, TIMEOUT)) {
                ch.send(1, new byte[] {42});
                assertThat(ch.receive().payload()).containsExactly(42);
                assertThatThrownBy(ch::receive).isInstanceOfSatisfying(PeerRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION));
            }
        }
    }

    @Test
    void rejectsReorderedSealedFrames() throws Exception {
        echoServer();
        // The proxy holds back the first message and delivers it after the second.
        Frame[] held = new Frame[1];
        UnaryOperator<List<Frame>> swap = frames -> {
            if (frames.get(0).type() != FrameType.SEALED) {
                return frames;
            }
            if (held[0] == null) {
                held[0] = frames.get(0);
                return List.of();
            }
            return List.of(frames.get(0), held[0]);
        };
        try (FrameProxy proxy = new FrameProxy(server.port(), swap);
             SecureChannel ch = SecureChannel.connect("127.0.0.1", proxy.port(), client(), TestPki.trust(), SERVERS,
                     null, TIMEOUT)) {
            ch.send(1, new byte[] {1});
            ch.send(1, new byte[] {2});
            assertThatThrownBy(ch::receive).isInstanceOfSatisfying(PeerRejectedException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION));
        }
    }

    @Test
    void closeStopsAcceptingAndReleasesConnections() throws Exception {
        server = startServer(fastLimits(), ChannelFixture::echo);
        SecureChannel ch = connect(server, client());
        awaitTrue(() -> server.activeConnections() == 1, TIMEOUT, "connection counted");
        long start = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(server.activeConnections()).isZero();
        assertThatThrownBy(ch::receive).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(IOException.class);
    }

    /**
     * A man in the middle on the client-to-server direction: it re-frames each client frame through
     * {@code rewrite} (which may drop, duplicate or reorder) and relays server frames untouched.
     */
    private static final class FrameProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final Thread thread;

        FrameProxy(int target, UnaryOperator<List<Frame>> rewrite) throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket client = listener.accept(); Socket upstream = new Socket("127.0.0.1", target)) {
                    Thread back = new Thread(() -> {
                        try {
                            upstream.getInputStream().transferTo(client.getOutputStream());
                        } catch (IOException e) {
                            // Either side closed: the relay ends.
                        } finally {
                            try {
                                client.close();
                            } catch (IOException e) {
                                // Already closed.
                            }
                        }
                    });
                    back.start();
                    FrameReader in = new FrameReader(client.getInputStream());
                    FrameWriter out = new FrameWriter(upstream.getOutputStream());
                    while (true) {
                        for (Frame f : rewrite.apply(List.of(in.read()))) {
                            out.write(f.type(), f.body());
                        }
                    }
                } catch (IOException e) {
                    // The client closed or the server refused: the relay ends.
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
