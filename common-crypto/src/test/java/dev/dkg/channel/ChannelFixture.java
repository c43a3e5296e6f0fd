package dev.dkg.channel;

import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameReader;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.FrameWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Identities, a server starter and raw-socket helpers shared by the channel tests. */
final class ChannelFixture {
    static final Set<Role> CLIENTS = Set.of(Role.KEYGEN_CLIENT);
    static final Set<Role> SERVERS = Set.of(Role.KEYGEN_SERVER);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ChannelFixture() {}

    static Identity server() {
        return TestPki.identity("keygen-1", Role.KEYGEN_SERVER);
    }

    static Identity client() {
        return TestPki.identity("alice", Role.KEYGEN_CLIENT);
    }

    static Limits fastLimits() {
        return Limits.defaults().withHandshakeDeadline(Duration.ofSeconds(3)).withShutdownGrace(Duration.ofMillis(200));
    }

    static ChannelServer startServer(Limits limits, ChannelServer.Handler handler) throws IOException {
        return ChannelServer.start(new InetSocketAddress("127.0.0.1", 0), server(), TestPki.trust(), CLIENTS, limits,
                handler);
    }

    /** Echoes every message back with the same kind until the client closes. */
    static void echo(SecureChannel channel) throws IOException {
        while (true) {
            SecureChannel.Message m;
            try {
                m = channel.receive();
            } catch (java.io.EOFException e) {
                return;
            }
            channel.send(m.kind(), m.payload());
        }
    }

    static SecureChannel connect(ChannelServer server, Identity me) throws IOException {
        return SecureChannel.connect("127.0.0.1", server.port(), me, TestPki.trust(), SERVERS, null, TIMEOUT);
    }

    static Socket raw(ChannelServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout((int) TIMEOUT.toMillis());
        return s;
    }

    static void send(Socket s, FrameType type, byte[] body) throws IOException {
        new FrameWriter(s.getOutputStream()).write(type, body);
    }

    static Frame read(Socket s) throws IOException {
        return new FrameReader(s.getInputStream()).read();
    }

    /** The code of the ERROR frame the peer must send next. */
    static ErrorCode readError(Socket s) throws IOException {
        Frame f = read(s);
        if (f.type() != FrameType.ERROR) {
            throw new AssertionError("expected ERROR, got " + f.type());
        }
        return ErrorCode.fromCode(ErrorCode.decodeBody(f.body()));
    }

    static byte[] hello(Identity me, String roleLabel) throws CertificateEncodingException {
        return new Hello(Hello.PROTOCOL_VERSION, roleLabel, der(me.chain()), new byte[Hello.NONCE_BYTES]).encode();
    }

    static List<byte[]> der(List<X509Certificate> chain) throws CertificateEncodingException {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            out.add(c.getEncoded());
        }
        return out;
    }

    static void awaitTrue(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(5);
        }
    }
}
