package dev.dkg.channel;

import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.RsaPss;
import dev.dkg.pki.Identity;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameReader;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.FrameWriter;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The client side of a genuine handshake done by hand, after which a test can send anything: envelopes
 * with any kind, sequence number or body (mutated, replayed, out of order, well sealed but malformed), raw
 * frames or bytes. It checks nothing about the server beyond what it needs to seal to it: hostile tests only.
 */
public final class RawSession implements Closeable {
    private final Socket socket;
    private final FrameReader in;
    private final Identity me;
    private final PublicKey serverKey;
    private final byte[] hello;
    private final byte[] auth;
    private final byte[] sessionId;
    private long sendSequence;
    private long receiveSequence;

    private RawSession(Socket socket, FrameReader in, Identity me, PublicKey serverKey, byte[] hello, byte[] auth,
                       byte[] sessionId) {
        this.socket = socket;
        this.in = in;
        this.me = me;
        this.serverKey = serverKey;
        this.hello = hello;
        this.auth = auth;
        this.sessionId = sessionId;
    }

    /** Connects and completes the handshake as {@code me}; every read then waits at most {@code readTimeoutMillis}. */
    public static RawSession open(InetSocketAddress server, Identity me, int readTimeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(server, readTimeoutMillis);
            s.setSoTimeout(readTimeoutMillis);
            s.setTcpNoDelay(true);
            return handshake(s, me);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Completes the client side of the handshake on a connected socket. */
    public static RawSession handshake(Socket s, Identity me) throws IOException {
        byte[] hello;
        try {
            hello = new Hello(Hello.PROTOCOL_VERSION, me.role().label(), der(me.chain()), new byte[Hello.NONCE_BYTES])
                    .encode();
        } catch (CertificateEncodingException e) {
            throw new IOException(e);
        }
        s.getOutputStream().write(FrameWriter.encode(FrameType.HELLO, hello));
        FrameReader in = new FrameReader(new BufferedInputStream(s.getInputStream()));
        Frame reply = in.read();
        if (reply.type() != FrameType.HELLO_REPLY) {
            throw new IOException("server answered HELLO with " + reply.type());
        }
        PublicKey serverKey;
        try {
            byte[] leaf = HelloReply.decode(reply.body()).chain().get(0);
            serverKey = ((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(leaf))).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IOException("server certificate: " + e.getMessage(), e);
        }
        byte[] auth;
        try {
            auth = new Auth(RsaPss.sign(me.privateKey(), Transcript.clientSigned(hello, reply.body()))).encode();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        s.getOutputStream().write(FrameWriter.encode(FrameType.AUTH, auth));
        return new RawSession(s, in, me, serverKey, hello, auth, Transcript.sessionId(hello, reply.body(), auth));
    }

    /** An envelope sealed to the server as this session would, with any kind, sequence and body. */
    public byte[] seal(int kind, long sequence, byte[] body) throws IOException {
        try {
            return Envelope.seal(kind, sessionId, sequence, me.privateKey(), me.publicKey(), List.of(serverKey), body);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Seals {@code body} under the next sequence number and sends it; returns the envelope sent. */
    public byte[] send(int kind, byte[] body) throws IOException {
        byte[] envelope = seal(kind, sendSequence++, body);
        sendFrame(FrameType.SEALED, envelope);
        return envelope;
    }

    public void sendFrame(FrameType type, byte[] body) throws IOException {
        socket.getOutputStream().write(FrameWriter.encode(type, body));
    }

    public void sendBytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** The next frame from the server, as it came. */
    public Frame readFrame() throws IOException {
        return in.read();
    }

    /** The next frame, which must be an envelope from the server in sequence; opened. */
    public SecureChannel.Message receive(Set<Integer> kinds) throws IOException {
        Frame f = in.read();
        if (f.type() == FrameType.ERROR) {
            throw new PeerRejectedException(dev.dkg.wire.ErrorCode.decodeBody(f.body()), socket.toString());
        }
        if (f.type() != FrameType.SEALED) {
            throw new IOException("expected SEALED, got " + f.type());
        }
        try {
            Envelope.Opened o = Envelope.open(f.body(), Envelope.Expect.of(sessionId, receiveSequence).withKinds(kinds),
                    me.privateKey(), me.publicKey(), serverKey);
            receiveSequence++;
            return new SecureChannel.Message(o.kind(), o.plaintext());
        } catch (GeneralSecurityException e) {
            throw new IOException("server envelope: " + e.getMessage(), e);
        }
    }

    /** The next sequence number {@link #send} will use. */
    public long sendSequence() {
        return sendSequence;
    }

    /** Moves the send sequence, to send later messages after a hand-sealed one. */
    public void skipTo(long sequence) {
        sendSequence = sequence;
    }

    public Socket socket() {
        return socket;
    }

    public byte[] hello() {
        return hello.clone();
    }

    public byte[] auth() {
        return auth.clone();
    }

    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static List<byte[]> der(List<X509Certificate> chain) throws CertificateEncodingException {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            out.add(c.getEncoded());
        }
        return out;
    }
}
