package dev.dkg.channel;

import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameReader;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.FrameWriter;
import dev.dkg.wire.WireFormatException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection speaking frames, with the one-ERROR-then-close rule built in: {@link #fail} sends at
 * most one ERROR frame per connection (never in answer to the peer's own ERROR) and closes. Every frame
 * written must be taken by the peer within the write deadline, or the connection is closed: a peer that
 * stops reading cannot hold the writing thread for longer than that.
 */
final class FramedSocket implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(FramedSocket.class);
    /** How long {@link #fail} waits for a busy writer before giving up on the ERROR frame. */
    private static final long WAIT_MILLIS = 100;
    private final Socket socket;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean errorSent = new AtomicBoolean();
    /** Released once the one ERROR frame was written (or given up on). */
    private final CountDownLatch errorDone = new CountDownLatch(1);
    private final String remote;
    private final Duration writeDeadline;
    private volatile boolean peerSentError;
    private volatile boolean expired;
    private volatile boolean writeExpired;

    FramedSocket(Socket socket, int maxFrameBytes) throws IOException {
        this(socket, maxFrameBytes, Limits.defaults().writeDeadline());
    }

    FramedSocket(Socket socket, int maxFrameBytes, Duration writeDeadline) throws IOException {
        this.socket = socket;
        this.writeDeadline = writeDeadline;
        // Whole frames go out in one write; Nagle would only delay an ERROR sent just before close.
        socket.setTcpNoDelay(true);
        this.reader = new FrameReader(new BufferedInputStream(socket.getInputStream(), 8192), maxFrameBytes);
        this.writer = new FrameWriter(socket.getOutputStream(), maxFrameBytes);
        this.remote = socket.getRemoteSocketAddress() == null ? "?" : socket.getRemoteSocketAddress().toString();
    }

    /** The next frame; an ERROR frame from the peer becomes a {@link PeerRejectedException}. */
    Frame read() throws IOException {
        Frame f = reader.read();
        if (f.type() == FrameType.ERROR) {
            peerSentError = true;
            int code;
            try {
                code = ErrorCode.decodeBody(f.body());
            } catch (WireFormatException e) {
                close();
                throw new ChannelException(ErrorCode.PROTOCOL, "malformed ERROR frame from " + remote + ": "
                        + e.getMessage());
            }
            close();
            throw new PeerRejectedException(code, remote);
        }
        return f;
    }

    void write(FrameType type, byte[] body) throws IOException {
        writeLock.lock();
        try {
            writeBeforeDeadline(type, body);
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes one frame (the caller holds the write lock), closing the socket if the peer does not take it in time. */
    private void writeBeforeDeadline(FrameType type, byte[] body) throws IOException {
        ScheduledFuture<?> cut = HandshakeDeadline.schedule(this::cutStalledWrite, writeDeadline);
        try {
            writer.write(type, body);
        } catch (IOException e) {
            if (writeExpired) {
                throw new ChannelException(ErrorCode.TIMEOUT, remote + " did not read a frame within "
                        + writeDeadline.toMillis() + " ms", e);
            }
            throw e;
        } finally {
            cut.cancel(false);
        }
    }

    private void cutStalledWrite() {
        writeExpired = true;
        log.warn("{} stopped reading: a frame was not taken within {} ms; closing the connection", remote,
                writeDeadline.toMillis());
        // No ERROR frame: the peer is not reading, and the writer holds the stream.
        close();
    }

    /**
     * Sends ERROR {@code code} unless one was already sent or the peer sent one, then closes. Best effort:
     * if another thread is stuck writing, the frame is skipped rather than wait, so this never blocks long.
     * A second caller (say, the deadline firing while the reader fails) waits briefly for the first one's
     * ERROR to be written before closing, so that closing never cuts the one ERROR off.
     */
    void fail(ErrorCode code) {
        if (!peerSentError && errorSent.compareAndSet(false, true)) {
            try {
                if (writeLock.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    try {
                        writeBeforeDeadline(FrameType.ERROR, code.body());
                    } finally {
                        writeLock.unlock();
                    }
                }
            } catch (IOException e) {
                // The peer is gone; there is no one left to tell.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                errorDone.countDown();
            }
        } else if (errorSent.get()) {
            try {
                errorDone.await(2 * WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /** Called by the handshake deadline: tells the peer TIMEOUT and closes, which unblocks any reader. */
    void expire() {
        expired = true;
        fail(ErrorCode.TIMEOUT);
    }

    boolean expired() {
        return expired;
    }

    Socket socket() {
        return socket;
    }

    String remote() {
        return remote;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that failed already: nothing more to release.
        }
    }
}
