package dev.dkg.channel;

import dev.dkg.crypto.CryptoProvider;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.FrameWriter;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accept loop every server role runs: accepts TCP connections, authenticates each with the handshake
 * on its own thread from a bounded pool, and hands the {@link SecureChannel} to the role's handler.
 *
 * <p>Guarantee: at most {@link Limits#maxPendingHandshakes()} connections are in the handshake at once (a
 * newcomer over that drops the <em>oldest</em> pending handshake, so connections that never finish one cannot
 * lock anybody out), at most {@link Limits#maxConnections()} authenticated sessions are served at once and at
 * most {@link Limits#maxSessionsPerPeer()} of them for one certificate (the rest get ERROR busy and are
 * closed, so one peer cannot take every place), no handshake outlives its deadline, no established channel
 * outlives its idle timeout between messages, no write waits longer than the write deadline for a peer to
 * read, and a handler only ever sees an authenticated peer with an accepted role.
 * Threads are bounded by the sum of the two caps.
 */
public final class ChannelServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ChannelServer.class);

    /** The role's logic for one authenticated channel; the server closes the channel when it returns. */
    @FunctionalInterface
    public interface Handler {
        void handle(SecureChannel channel) throws Exception;
    }

    private final ServerSocket serverSocket;
    private final Identity identity;
    private final TrustAnchor anchor;
    private final Set<Role> acceptedClientRoles;
    private final Limits limits;
    private final Handler handler;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Guards {@link #pending} and {@link #sessions}: a connection moves from one to the other atomically. */
    private final Object slots = new Object();
    /** Connections in the handshake, oldest first. */
    private final LinkedHashSet<Socket> pending = new LinkedHashSet<>();
    private int sessions;
    /** Sessions per peer certificate; a certificate is removed when its last session ends. */
    private final Map<X509Certificate, Integer> sessionsPerPeer = new HashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong authenticated = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private volatile boolean closing;

    private ChannelServer(ServerSocket serverSocket, Identity identity, TrustAnchor anchor, Set<Role> acceptedClientRoles,
                          Limits limits, Handler handler) {
        this.serverSocket = serverSocket;
        this.identity = identity;
        this.anchor = anchor;
        this.acceptedClientRoles = Set.copyOf(acceptedClientRoles);
        this.limits = limits;
        this.handler = handler;
        AtomicInteger threadNumber = new AtomicInteger();
        // The two caps gate submissions, so the queue only ever holds a task whose thread is about to free
        // itself (a dropped handshake's thread ending); the pool never grows past the sum of the caps.
        int threads = limits.maxConnections() + limits.maxPendingHandshakes();
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "dkg-conn-" + serverSocket.getLocalPort() + "-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, "dkg-accept-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Binds {@code address} (port 0 picks a free port) and starts accepting. */
    public static ChannelServer start(InetSocketAddress address, Identity identity, TrustAnchor anchor,
                                      Set<Role> acceptedClientRoles, Limits limits, Handler handler) throws IOException {
        if (acceptedClientRoles.isEmpty()) {
            throw new IllegalArgumentException("a server must accept at least one client role");
        }
        CryptoProvider.prepare(identity.privateKey());
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(address, Math.max(50, limits.maxPendingHandshakes()));
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        ChannelServer server = new ChannelServer(ss, identity, anchor, acceptedClientRoles, limits, handler);
        server.acceptor.start();
        log.debug("listening on {}", ss.getLocalSocketAddress());
        return server;
    }

    private void acceptLoop() {
        long backoffMillis = 0;
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
                backoffMillis = 0;
            } catch (IOException e) {
                if (closing) {
                    continue;
                }
                // A persistent failure (out of file descriptors) must not spin a core and flood the log.
                backoffMillis = Math.min(Math.max(2 * backoffMillis, 50), 1000);
                log.warn("accept failed: {}; retrying in {} ms", e.toString(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            Socket oldest = null;
            boolean full;
            synchronized (slots) {
                // Refusing before the handshake saves a private-key operation for a peer we could not serve.
                full = closing || sessions >= limits.maxConnections();
                if (!full) {
                    if (pending.size() >= limits.maxPendingHandshakes()) {
                        Iterator<Socket> first = pending.iterator();
                        oldest = first.next();
                        first.remove();
                    }
                    pending.add(socket);
                }
            }
            if (full) {
                rejectBusy(socket);
                continue;
            }
            if (oldest != null) {
                dropPending(oldest);
            }
            open.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                log.warn("cannot start a connection thread: {}", e.toString());
                open.remove(socket);
                synchronized (slots) {
                    pending.remove(socket);
                }
                rejectBusy(socket);
            }
        }
    }

    /**
     * Closes a connection still in the handshake to make room for a newer one. Dropping the oldest rather
     * than refusing the newest means a flood of connections that never finish a handshake only ever costs a
     * genuine client whatever it loses while more than the cap arrive during its own handshake.
     */
    private void dropPending(Socket socket) {
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            log.warn("at the limit of {} pending handshakes: dropping the oldest to admit a newer one ({} so far)",
                    limits.maxPendingHandshakes(), n);
        }
        log.debug("dropping the pending handshake of {}", socket.getRemoteSocketAddress());
        try {
            // No ERROR frame: the handshake thread may be writing to this socket; a close is the clean answer.
            socket.close();
        } catch (IOException e) {
            log.debug("close failed: {}", e.toString());
        }
    }

    private void rejectBusy(Socket socket) {
        busy.incrementAndGet();
        log.warn("refusing {}: at the limit of {} sessions", socket.getRemoteSocketAddress(), limits.maxConnections());
        try (socket) {
            socket.setTcpNoDelay(true);
            // A fresh socket's send buffer is empty, so this 7-byte write cannot block the accept loop.
            socket.getOutputStream().write(FrameWriter.encode(FrameType.ERROR, ErrorCode.BUSY.body()));
        } catch (IOException e) {
            log.debug("busy reply to {} not delivered: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }

    /** What became of a connection whose handshake just completed. */
    private enum Admission { SESSION, DROPPED, BUSY, PEER_BUSY }

    private Admission admit(Socket socket, X509Certificate peer) {
        synchronized (slots) {
            if (!pending.remove(socket)) {
                return Admission.DROPPED;
            }
            if (sessions >= limits.maxConnections()) {
                return Admission.BUSY;
            }
            int ofPeer = sessionsPerPeer.getOrDefault(peer, 0);
            if (ofPeer >= limits.maxSessionsPerPeer()) {
                return Admission.PEER_BUSY;
            }
            sessionsPerPeer.put(peer, ofPeer + 1);
            sessions++;
            return Admission.SESSION;
        }
    }

    private void release(X509Certificate peer) {
        synchronized (slots) {
            sessions--;
            sessionsPerPeer.computeIfPresent(peer, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    private void serve(Socket socket) {
        SecureChannel channel = null;
        boolean session = false;
        try {
            if (socket.isClosed()) {
                // Dropped from the pending set before a thread was free for it.
                return;
            }
            channel = SecureChannel.accept(socket, identity, anchor, acceptedClientRoles, limits);
            Admission admission = admit(socket, channel.peer().certificate());
            if (admission == Admission.DROPPED) {
                return;
            }
            if (admission == Admission.BUSY) {
                busy.incrementAndGet();
                channel.reject(ErrorCode.BUSY, "at the limit of " + limits.maxConnections() + " sessions");
                return;
            }
            if (admission == Admission.PEER_BUSY) {
                busy.incrementAndGet();
                channel.reject(ErrorCode.BUSY, "this certificate already holds " + limits.maxSessionsPerPeer()
                        + " sessions, its limit");
                return;
            }
            session = true;
            authenticated.incrementAndGet();
            handler.handle(channel);
        } catch (EOFException e) {
            log.debug("{} closed the connection", socket.getRemoteSocketAddress());
        } catch (ChannelException e) {
            // Already logged where it was detected, and the peer was told.
            if (channel == null) {
                refused.incrementAndGet();
            }
        } catch (SocketException e) {
            if (channel == null) {
                refused.incrementAndGet();
            }
            log.debug("connection {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (Exception e) {
            if (channel == null) {
                refused.incrementAndGet();
                log.warn("connection {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
            } else {
                log.error("handler failed for {} ({})", channel.peer().name(), socket.getRemoteSocketAddress(), e);
                channel.reject(ErrorCode.PROTOCOL, "handler failed: " + e);
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("close failed: {}", e.toString());
            }
            open.remove(socket);
            if (session) {
                release(channel.peer().certificate());
            } else {
                synchronized (slots) {
                    pending.remove(socket);
                }
            }
        }
    }

    /** The port actually bound (useful after binding port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Connections currently in the handshake or being handled. */
    public int activeConnections() {
        synchronized (slots) {
            return pending.size() + sessions;
        }
    }

    /** Connections currently in the handshake. */
    public int pendingHandshakes() {
        synchronized (slots) {
            return pending.size();
        }
    }

    /** Authenticated sessions currently being handled. */
    public int sessions() {
        synchronized (slots) {
            return sessions;
        }
    }

    /** Pending handshakes closed since start to make room for newer connections. */
    public long droppedHandshakes() {
        return dropped.get();
    }

    /** Connections that completed the handshake since start. */
    public long authenticatedConnections() {
        return authenticated.get();
    }

    /** Connections refused during the handshake (bad frames, certificates, signatures, timeouts, dropped). */
    public long refusedConnections() {
        return refused.get();
    }

    /** Connections turned away with ERROR busy: the server, or the peer's certificate, was at its session limit. */
    public long busyRejections() {
        return busy.get();
    }

    /**
     * Stops accepting, gives running handlers {@link Limits#shutdownGrace()} to finish, then closes every
     * remaining connection and waits for the threads to end.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            log.debug("closing the listening socket: {}", e.toString());
        }
        workers.shutdown();
        try {
            acceptor.join(1000);
            if (!workers.awaitTermination(limits.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                for (Socket s : open) {
                    try {
                        s.close();
                    } catch (IOException e) {
                        log.debug("closing {}: {}", s.getRemoteSocketAddress(), e.toString());
                    }
                }
                workers.shutdownNow();
                if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("{} connection threads did not stop", workers.getActiveCount());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.debug("server on port {} closed", serverSocket.getLocalPort());
    }
}
