package dev.dkg.channel;

import dev.dkg.crypto.CryptoProvider;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.WireFormatException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authenticated connection to one peer: after the handshake every message is a SEALED frame carrying
 * an {@link Envelope} to the peer, signed by us, bound to this session, numbered per direction from 0.
 *
 * <p>Guarantee: {@link #receive()} returns only messages the authenticated {@link #peer()} sealed for this
 * session, each exactly once and in order; anything else closes the channel with one generic ERROR frame
 * to the peer and a {@link ChannelException} (precise reason) to the caller. {@code send} and
 * {@code receive} may be called from different threads; each is serialised on its own.
 */
public final class SecureChannel implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(SecureChannel.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FramedSocket link;
    private final Identity me;
    private final PeerIdentity peer;
    private final byte[] sessionId;
    private final Object sendLock = new Object();
    private final Object receiveLock = new Object();
    private long sendSequence;
    private long receiveSequence;

    /** A message as received: its kind and its plaintext payload (the caller's to wipe). */
    public record Message(int kind, byte[] payload) {}

    private SecureChannel(FramedSocket link, Identity me, Handshake.Result result) {
        this.link = link;
        this.me = me;
        this.peer = result.peer();
        this.sessionId = result.sessionId();
    }

    /**
     * Connects to a server and runs the client side of the handshake within {@code timeout} (which also
     * bounds the TCP connect). The server's certificate must validate against {@code anchor} with a role in
     * {@code acceptedServerRoles} and, if {@code expectedServerName} is not null, carry exactly that name.
     * Afterwards reads have no timeout unless {@link #setReadTimeout} sets one.
     */
    public static SecureChannel connect(String host, int port, Identity me, TrustAnchor anchor,
                                        Set<Role> acceptedServerRoles, String expectedServerName, Duration timeout)
            throws IOException {
        Objects.requireNonNull(me, "identity");
        Objects.requireNonNull(anchor, "trust anchor");
        CryptoProvider.prepare(me.privateKey());
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        FramedSocket link = new FramedSocket(socket, Limits.defaults().maxFrameBytes(), Limits.defaults().writeDeadline());
        Handshake.Result result = handshake(link, timeout, "server",
                () -> Handshake.asClient(link, me, anchor, acceptedServerRoles, expectedServerName, RANDOM));
        socket.setSoTimeout(0);
        return new SecureChannel(link, me, result);
    }

    /**
     * Runs the server side of the handshake on an accepted socket within {@code limits.handshakeDeadline()},
     * then applies {@code limits.idleTimeout()} to reads. The client's certificate must validate with a role
     * in {@code acceptedClientRoles}, the same role its HELLO claims. On failure the socket is closed.
     */
    public static SecureChannel accept(Socket socket, Identity me, TrustAnchor anchor, Set<Role> acceptedClientRoles,
                                       Limits limits) throws IOException {
        FramedSocket link;
        try {
            socket.setSoTimeout((int) limits.handshakeDeadline().toMillis());
            link = new FramedSocket(socket, limits.maxFrameBytes(), limits.writeDeadline());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        Handshake.Result result = handshake(link, limits.handshakeDeadline(), "client",
                () -> Handshake.asServer(link, me, anchor, acceptedClientRoles, RANDOM));
        try {
            socket.setSoTimeout((int) limits.idleTimeout().toMillis());
        } catch (SocketException e) {
            link.close();
            throw e;
        }
        return new SecureChannel(link, me, result);
    }

    private interface HandshakeSide {
        Handshake.Result run() throws IOException;
    }

    private static Handshake.Result handshake(FramedSocket link, Duration deadline, String peerRole, HandshakeSide side)
            throws IOException {
        HandshakeDeadline timer = HandshakeDeadline.start(deadline, link);
        Handshake.Result result;
        try {
            result = side.run();
        } catch (PeerRejectedException e) {
            log.warn("handshake with {} {}: {}", peerRole, link.remote(), e.getMessage());
            throw e;
        } catch (ChannelException e) {
            if (link.expired()) {
                throw timedOut(link, deadline, e);
            }
            log.warn("handshake with {} {} failed ({}): {}", peerRole, link.remote(), codeName(e.code()),
                    e.getMessage());
            log.debug("handshake failure detail", e);
            link.fail(e.code());
            throw e;
        } catch (SocketTimeoutException e) {
            throw timedOut(link, deadline, e);
        } catch (IOException | RuntimeException e) {
            if (link.expired()) {
                throw timedOut(link, deadline, e);
            }
            log.warn("handshake with {} {} failed: {}", peerRole, link.remote(), e.toString());
            link.fail(ErrorCode.PROTOCOL);
            throw e;
        } finally {
            timer.cancel();
        }
        if (link.expired()) {
            // The deadline fired just as the handshake completed; the peer was already told TIMEOUT.
            throw timedOut(link, deadline, null);
        }
        log.debug("handshake with {} {} complete: {} ({})", peerRole, link.remote(), result.peer().name(),
                result.peer().role());
        return result;
    }

    private static ChannelException timedOut(FramedSocket link, Duration deadline, Throwable cause) {
        log.warn("handshake with {} did not complete within {} ms", link.remote(), deadline.toMillis());
        link.fail(ErrorCode.TIMEOUT);
        return new ChannelException(ErrorCode.TIMEOUT, "handshake with " + link.remote() + " did not complete within "
                + deadline.toMillis() + " ms", cause);
    }

    /** Seals {@code payload} to the peer under the next send sequence number and sends it. */
    public void send(int kind, byte[] payload) throws IOException {
        synchronized (sendLock) {
            if (sendSequence == Long.MAX_VALUE) {
                throw new ChannelException(ErrorCode.PROTOCOL, "send sequence exhausted");
            }
            byte[] envelope;
            try {
                envelope = Envelope.seal(kind, sessionId, sendSequence, me.privateKey(), me.publicKey(),
                        List.of(peer.publicKey()), payload, RANDOM);
            } catch (GeneralSecurityException e) {
                link.close();
                throw new IOException("cannot seal a message to " + peer.name() + ": " + e.getMessage(), e);
            }
            try {
                link.write(FrameType.SEALED, envelope);
            } catch (IOException e) {
                link.close();
                throw e;
            }
            sendSequence++;
        }
    }

    /**
     * The next message from the peer. Throws {@link EOFException} if the peer closed the connection
     * between messages, {@link PeerRejectedException} if it sent an ERROR, and {@link ChannelException}
     * (after sending one ERROR and closing) for anything malformed, out of sequence or not verifying.
     */
    public Message receive() throws IOException {
        return receive(null);
    }

    /** As {@link #receive()}, but a kind outside {@code allowedKinds} is a protocol violation. */
    public Message receive(Set<Integer> allowedKinds) throws IOException {
        synchronized (receiveLock) {
            Frame f;
            try {
                f = link.read();
            } catch (EOFException e) {
                link.close();
                throw e;
            } catch (PeerRejectedException e) {
                log.warn("{} ({}) closed the channel: {}", peer.name(), link.remote(), e.getMessage());
                throw e;
            } catch (WireFormatException e) {
                throw failed(ErrorCode.PROTOCOL, "malformed frame: " + e.getMessage(), e);
            } catch (SocketTimeoutException e) {
                throw failed(ErrorCode.TIMEOUT, "idle for longer than the read timeout", e);
            } catch (IOException e) {
                link.close();
                throw e;
            }
            if (f.type() != FrameType.SEALED) {
                throw failed(ErrorCode.PROTOCOL, f.type() + " frame after the handshake", null);
            }
            Envelope.Opened opened;
            try {
                Envelope.Expect expect = Envelope.Expect.of(sessionId, receiveSequence);
                opened = Envelope.open(f.body(), allowedKinds == null ? expect : expect.withKinds(allowedKinds),
                        me.privateKey(), me.publicKey(), peer.publicKey());
            } catch (EnvelopeException e) {
                throw failed(ErrorCode.AUTHENTICATION, "message " + receiveSequence + " rejected: " + e.getMessage(), e);
            }
            receiveSequence++;
            return new Message(opened.kind(), opened.plaintext());
        }
    }

    private ChannelException failed(ErrorCode code, String reason, Throwable cause) {
        String message = "channel with " + peer.name() + " (" + link.remote() + "): " + reason;
        log.warn("{}; closing ({})", message, codeName(code));
        link.fail(code);
        return new ChannelException(code, message, cause);
    }

    /**
     * Refuses the peer at the application level: sends ERROR {@code code} (nothing more) and closes. The
     * reason goes to the local log only.
     */
    public void reject(ErrorCode code, String localReason) {
        log.warn("rejecting {} ({}): {} ({})", peer.name(), link.remote(), localReason, codeName(code));
        link.fail(code);
    }

    /** Read timeout for {@link #receive()}; zero means none. */
    public void setReadTimeout(Duration timeout) throws SocketException {
        link.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Who is on the other end, as their certificate says. */
    public PeerIdentity peer() {
        return peer;
    }

    /** The 16-byte session id both sides derived from the handshake transcript. */
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** The remote socket address, for logs. */
    public String remoteAddress() {
        return link.remote();
    }

    public boolean isClosed() {
        return link.socket().isClosed();
    }

    /** Closes the connection; the peer's next receive sees end of stream. */
    @Override
    public void close() {
        link.close();
    }

    static String codeName(ErrorCode code) {
        return code.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
