package dev.dkg.channel;

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
 * <p>Guarantee: at most {@link Limits#maxConnections()} connections are served at once (the rest get
 * ERROR busy and are closed), no handshake outlives its deadline, no established channel outlives its idle
 * timeout between messages, and a handler only ever sees an authenticated peer with an accepted role.
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
    private final AtomicInteger active = new AtomicInteger();
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
        // The connection count gates submissions, so the queue only ever holds a task whose thread is
        // about to free itself; the pool never grows past the cap.
        this.workers = new ThreadPoolExecutor(limits.maxConnections(), limits.maxConnections(), 30, TimeUnit.SECONDS,
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
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(address, Math.max(50, limits.maxConnections()));
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
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closing) {
                    log.warn("accept failed: {}", e.toString());
                }
                continue;
            }
            if (active.incrementAndGet() > limits.maxConnections() || closing) {
                active.decrementAndGet();
                rejectBusy(socket);
                continue;
            }
            open.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                log.warn("cannot start a connection thread: {}", e.toString());
                open.remove(socket);
                active.decrementAndGet();
                rejectBusy(socket);
            }
        }
    }

    private void rejectBusy(Socket socket) {
        busy.incrementAndGet();
        log.warn("refusing {}: at the limit of {} connections", socket.getRemoteSocketAddress(), limits.maxConnections());
        try (socket) {
            socket.setTcpNoDelay(true);
            // A fresh socket's send buffer is empty, so this 7-byte write cannot block the accept loop.
            socket.getOutputStream().write(FrameWriter.encode(FrameType.ERROR, ErrorCode.BUSY.body()));
        } catch (IOException e) {
            log.debug("busy reply to {} not delivered: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }

    private void serve(Socket socket) {
        SecureChannel channel = null;
        try {
            channel = SecureChannel.accept(socket, identity, anchor, acceptedClientRoles, limits);
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
            active.decrementAndGet();
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
        return active.get();
    }

    /** Connections that completed the handshake since start. */
    public long authenticatedConnections() {
        return authenticated.get();
    }

    /** Connections refused during the handshake (bad frames, certificates, signatures, timeouts). */
    public long refusedConnections() {
        return refused.get();
    }

    /** Connections turned away because the server was at its connection limit. */
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
