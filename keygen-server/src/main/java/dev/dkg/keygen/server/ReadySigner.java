package dev.dkg.keygen.server;

import dev.dkg.channel.SecureChannel;
import dev.dkg.signing.SigningKey;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A signer connected to the signing listener for one key. Its connection's handler thread reads every message
 * and hands it to the session that claimed the signer, through {@link #next}; a failed connection is handed
 * over the same way, so a session waiting for an answer learns at once that none will come.
 */
final class ReadySigner {
    private final SecureChannel channel;
    private final SigningKey key;
    private final int identifier;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile boolean inSession;

    ReadySigner(SecureChannel channel, SigningKey key, int identifier) {
        this.channel = channel;
        this.key = key;
        this.identifier = identifier;
    }

    String name() {
        return channel.peer().name();
    }

    SecureChannel channel() {
        return channel;
    }

    SigningKey key() {
        return key;
    }

    /** The signer's RFC 9591 identifier in the key. */
    int identifier() {
        return identifier;
    }

    boolean inSession() {
        return inSession;
    }

    void claim() {
        inbox.clear();
        inSession = true;
    }

    void release() {
        inSession = false;
    }

    /** Called by the handler thread with each message received while the signer is in a session. */
    void deliver(SecureChannel.Message m) {
        inbox.add(m);
    }

    /** Called by the handler thread when the connection ends or fails. */
    void lost(IOException e) {
        inbox.add(e);
    }

    /** The signer's next message, or null if none came within {@code timeoutMillis}; throws if the connection failed. */
    SecureChannel.Message next(long timeoutMillis) throws IOException, InterruptedException {
        Object o = inbox.poll(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
        if (o instanceof IOException e) {
            inbox.add(e); // every later wait sees the failure too
            throw e instanceof EOFException ? new EOFException(name() + " disconnected") : e;
        }
        return (SecureChannel.Message) o;
    }

    @Override
    public String toString() {
        return name();
    }
}
