package dev.dkg.channel;

import dev.dkg.wire.FrameReader;
import java.time.Duration;

/**
 * The resource limits a {@link ChannelServer} enforces on every connection, so no peer (authenticated or
 * not) can hold more than its share: a cap on authenticated sessions, a separate cap on connections still in
 * the handshake, a handshake deadline, an idle timeout, a frame size cap, and how long {@code close()} waits
 * for handlers to finish.
 *
 * <p>The two caps are separate so that connections which never finish a handshake (anyone can open them)
 * cannot take the places of authenticated peers: when the handshake set is full the oldest pending handshake
 * is dropped to admit the newcomer, and an authenticated session over {@link #maxConnections()} is refused
 * with ERROR busy.
 */
public record Limits(int maxConnections, int maxPendingHandshakes, Duration handshakeDeadline, Duration idleTimeout,
                     int maxFrameBytes, Duration shutdownGrace) {
    public Limits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1");
        }
        if (maxPendingHandshakes < 1) {
            throw new IllegalArgumentException("max pending handshakes must be at least 1");
        }
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("max frame size must be at least 64 bytes");
        }
        requirePositive(handshakeDeadline, "handshake deadline");
        requirePositive(idleTimeout, "idle timeout");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative");
        }
    }

    /**
     * 64 authenticated sessions, 64 pending handshakes, 10 s handshake deadline, 300 s idle timeout, 1 MiB
     * frames, 2 s shutdown grace.
     */
    public static Limits defaults() {
        return new Limits(64, 64, Duration.ofSeconds(10), Duration.ofSeconds(300), FrameReader.DEFAULT_MAX_LENGTH,
                Duration.ofSeconds(2));
    }

    /** Authenticated sessions served at once; one more is refused with ERROR busy after its handshake. */
    public Limits withMaxConnections(int n) {
        return new Limits(n, maxPendingHandshakes, handshakeDeadline, idleTimeout, maxFrameBytes, shutdownGrace);
    }

    /** Connections in the handshake at once; one more drops the oldest of them. */
    public Limits withMaxPendingHandshakes(int n) {
        return new Limits(maxConnections, n, handshakeDeadline, idleTimeout, maxFrameBytes, shutdownGrace);
    }

    public Limits withHandshakeDeadline(Duration d) {
        return new Limits(maxConnections, maxPendingHandshakes, d, idleTimeout, maxFrameBytes, shutdownGrace);
    }

    public Limits withIdleTimeout(Duration d) {
        return new Limits(maxConnections, maxPendingHandshakes, handshakeDeadline, d, maxFrameBytes, shutdownGrace);
    }

    public Limits withMaxFrameBytes(int n) {
        return new Limits(maxConnections, maxPendingHandshakes, handshakeDeadline, idleTimeout, n, shutdownGrace);
    }

    public Limits withShutdownGrace(Duration d) {
        return new Limits(maxConnections, maxPendingHandshakes, handshakeDeadline, idleTimeout, maxFrameBytes, d);
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be between 1 ms and 24 days");
        }
    }
}
