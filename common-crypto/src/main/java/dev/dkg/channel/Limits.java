package dev.dkg.channel;

import dev.dkg.wire.FrameReader;
import java.time.Duration;

/**
 * The resource limits a {@link ChannelServer} enforces on every connection, so no peer (authenticated or
 * not) can hold more than its share: a connection cap, a handshake deadline, an idle timeout, a frame size
 * cap, and how long {@code close()} waits for handlers to finish.
 */
public record Limits(int maxConnections, Duration handshakeDeadline, Duration idleTimeout, int maxFrameBytes,
                     Duration shutdownGrace) {
    public Limits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1");
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

    /** 64 connections, 10 s handshake deadline, 300 s idle timeout, 1 MiB frames, 2 s shutdown grace. */
    public static Limits defaults() {
        return new Limits(64, Duration.ofSeconds(10), Duration.ofSeconds(300), FrameReader.DEFAULT_MAX_LENGTH,
                Duration.ofSeconds(2));
    }

    public Limits withMaxConnections(int n) {
        return new Limits(n, handshakeDeadline, idleTimeout, maxFrameBytes, shutdownGrace);
    }

    public Limits withHandshakeDeadline(Duration d) {
        return new Limits(maxConnections, d, idleTimeout, maxFrameBytes, shutdownGrace);
    }

    public Limits withIdleTimeout(Duration d) {
        return new Limits(maxConnections, handshakeDeadline, d, maxFrameBytes, shutdownGrace);
    }

    public Limits withMaxFrameBytes(int n) {
        return new Limits(maxConnections, handshakeDeadline, idleTimeout, n, shutdownGrace);
    }

    public Limits withShutdownGrace(Duration d) {
        return new Limits(maxConnections, handshakeDeadline, idleTimeout, maxFrameBytes, d);
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be between 1 ms and 24 days");
        }
    }
}
