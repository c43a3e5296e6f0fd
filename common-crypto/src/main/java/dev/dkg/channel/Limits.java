package dev.dkg.channel;

import dev.dkg.wire.FrameReader;
import java.time.Duration;

/**
 * The resource limits a {@link ChannelServer} enforces on every connection, so no peer (authenticated or
 * not) can hold more than its share: a cap on authenticated sessions, a separate cap on connections still in
 * the handshake, a cap on the sessions of any one certificate, a handshake deadline, an idle timeout, a write
 * deadline, a frame size cap, and how long {@code close()} waits for handlers to finish.
 *
 * <p>The two caps are separate so that connections which never finish a handshake (anyone can open them)
 * cannot take the places of authenticated peers: when the handshake set is full the oldest pending handshake
 * is dropped to admit the newcomer, and an authenticated session over {@link #maxConnections()} is refused
 * with ERROR busy. The per-certificate cap keeps one authenticated peer (which the role's own rules may give
 * no rights at all) from taking every session; the write deadline keeps a peer that stops reading from
 * pinning the thread that writes to it.
 */
public record Limits(int maxConnections, int maxSessionsPerPeer, int maxPendingHandshakes, Duration handshakeDeadline,
                     Duration idleTimeout, Duration writeDeadline, int maxFrameBytes, Duration shutdownGrace) {
    public Limits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1");
        }
        if (maxSessionsPerPeer < 1) {
            throw new IllegalArgumentException("max sessions per peer must be at least 1");
        }
        if (maxPendingHandshakes < 1) {
            throw new IllegalArgumentException("max pending handshakes must be at least 1");
        }
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("max frame size must be at least 64 bytes");
        }
        requirePositive(handshakeDeadline, "handshake deadline");
        requirePositive(idleTimeout, "idle timeout");
        requirePositive(writeDeadline, "write deadline");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative");
        }
    }

    /**
     * 64 authenticated sessions, at most 8 of them for one certificate, 64 pending handshakes, 10 s handshake
     * deadline, 300 s idle timeout, 30 s write deadline, 1 MiB frames, 2 s shutdown grace.
     */
    public static Limits defaults() {
        return new Limits(64, 8, 64, Duration.ofSeconds(10), Duration.ofSeconds(300), Duration.ofSeconds(30),
                FrameReader.DEFAULT_MAX_LENGTH, Duration.ofSeconds(2));
    }

    /** Authenticated sessions served at once; one more is refused with ERROR busy after its handshake. */
    public Limits withMaxConnections(int n) {
        return new Limits(n, maxSessionsPerPeer, maxPendingHandshakes, handshakeDeadline,
                idleTimeout, writeDeadline, maxFrameBytes, shutdownGrace);
    }

    /** Sessions one certificate may hold at once; one more of its sessions is refused with ERROR busy. */
    public Limits withMaxSessionsPerPeer(int n) {
        return new Limits(maxConnections, n, maxPendingHandshakes, handshakeDeadline,
                idleTimeout, writeDeadline, maxFrameBytes, shutdownGrace);
    }

    /** Connections in the handshake at once; one more drops the oldest of them. */
    public Limits withMaxPendingHandshakes(int n) {
        return new Limits(maxConnections, maxSessionsPerPeer, n, handshakeDeadline,
                idleTimeout, writeDeadline, maxFrameBytes, shutdownGrace);
    }

    public Limits withHandshakeDeadline(Duration n) {
        return new Limits(maxConnections, maxSessionsPerPeer, maxPendingHandshakes, n,
                idleTimeout, writeDeadline, maxFrameBytes, shutdownGrace);
    }

    public Limits withIdleTimeout(Duration n) {
        return new Limits(maxConnections, maxSessionsPerPeer, maxPendingHandshakes, handshakeDeadline,
                n, writeDeadline, maxFrameBytes, shutdownGrace);
    }

    /** Longest one frame may take to write; a peer that stops reading is cut after it. */
    public Limits withWriteDeadline(Duration n) {
        return new Limits(maxConnections, maxSessionsPerPeer, maxPendingHandshakes, handshakeDeadline,
                idleTimeout, n, maxFrameBytes, shutdownGrace);
    }

    public Limits withMaxFrameBytes(int n) {
        return new Limits(maxConnections, maxSessionsPerPeer, maxPendingHandshakes, handshakeDeadline,
                idleTimeout, writeDeadline, n, shutdownGrace);
    }

    public Limits withShutdownGrace(Duration n) {
        return new Limits(maxConnections, maxSessionsPerPeer, maxPendingHandshakes, handshakeDeadline,
                idleTimeout, writeDeadline, maxFrameBytes, n);
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be between 1 ms and 24 days");
        }
    }
}
