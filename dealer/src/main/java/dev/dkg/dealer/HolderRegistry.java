package dev.dkg.dealer;

import dev.dkg.channel.ChannelServer;
import dev.dkg.channel.SecureChannel;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.sharing.SharingKinds;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The holders connected to this dealer right now, one channel per holder name (a reconnecting holder
 * replaces its old connection), and one inbox where everything they send arrives in order, together with
 * connect and disconnect events, for the operation in progress to consume.
 */
final class HolderRegistry implements ChannelServer.Handler {
    private static final Logger log = LoggerFactory.getLogger(HolderRegistry.class);
    private static final Set<Integer> FROM_HOLDERS = Set.of(SharingKinds.RECEIPT, SharingKinds.SHARE_RETURN,
            SharingKinds.REFUSAL, SharingKinds.HEARTBEAT, SharingKinds.SUBSHARE_BUNDLE);
    static final int CONNECTED = -1;
    static final int DISCONNECTED = -2;

    /** A message from a holder, or a connect/disconnect event (kind {@link #CONNECTED}/{@link #DISCONNECTED}). */
    record Incoming(String holder, int kind, byte[] payload) {}

    private final Map<String, SecureChannel> connected = new TreeMap<>();
    private final BlockingQueue<Incoming> inbox = new LinkedBlockingQueue<>();
    private final PrintWriter events;

    HolderRegistry(PrintWriter events) {
        this.events = events;
    }

    @Override
    public void handle(SecureChannel channel) throws IOException {
        String name = channel.peer().name();
        SecureChannel previous;
        synchronized (this) {
            previous = connected.put(name, channel);
            notifyAll();
        }
        if (previous != null) {
            previous.close();
        }
        event("holder '" + name + "' connected (" + connectedNames().size() + " connected)");
        inbox.add(new Incoming(name, CONNECTED, new byte[0]));
        try {
            while (true) {
                SecureChannel.Message m = channel.receive(FROM_HOLDERS);
                if (m.kind() != SharingKinds.HEARTBEAT) {
                    inbox.add(new Incoming(name, m.kind(), m.payload()));
                }
            }
        } catch (EOFException e) {
            log.debug("holder {} closed the connection", name);
        } finally {
            boolean removed;
            synchronized (this) {
                removed = connected.remove(name, channel);
                notifyAll();
            }
            if (removed) {
                event("holder '" + name + "' disconnected");
                inbox.add(new Incoming(name, DISCONNECTED, new byte[0]));
            }
        }
    }

    private void event(String line) {
        synchronized (events) {
            events.println(line);
            events.flush();
        }
    }

    synchronized List<String> connectedNames() {
        return new ArrayList<>(connected.keySet());
    }

    synchronized boolean isConnected(String name) {
        return connected.containsKey(name);
    }

    /** The peer identity of a connected holder, or null. */
    synchronized PeerIdentity peer(String name) {
        SecureChannel c = connected.get(name);
        return c == null ? null : c.peer();
    }

    /** Sends to a connected holder; throws IOException if it is not connected or the send fails. */
    void send(String name, int kind, byte[] payload) throws IOException {
        SecureChannel c;
        synchronized (this) {
            c = connected.get(name);
        }
        if (c == null) {
            throw new IOException("holder '" + name + "' is not connected");
        }
        c.send(kind, payload);
    }

    /**
     * Waits until at least {@code needed} of {@code names} are connected or {@code wait} passes, printing
     * "k/n holders connected: …" on {@code progress} whenever the count changes; returns those connected.
     */
    List<String> awaitConnected(Collection<String> names, int needed, Duration wait, PrintWriter progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        int lastShown = -1;
        while (true) {
            List<String> present;
            synchronized (this) {
                present = names.stream().filter(connected::containsKey).toList();
                if (present.size() != lastShown) {
                    lastShown = present.size();
                    progress.println(present.size() + "/" + names.size() + " holders connected"
                            + (present.isEmpty() ? "" : ": " + String.join(" ", present))
                            + (present.size() >= needed ? "" : " (waiting for " + needed + ")"));
                    progress.flush();
                }
                long left = deadline - System.nanoTime();
                if (present.size() >= needed || left <= 0) {
                    return present;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
            }
        }
    }

    /** The next incoming message or event, or null after {@code timeout}. */
    Incoming poll(Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops whatever arrived before an operation starts (late answers to an earlier one). */
    void drain() {
        List<Incoming> stale = new ArrayList<>();
        inbox.drainTo(stale);
        for (Incoming i : stale) {
            java.util.Arrays.fill(i.payload(), (byte) 0);
        }
    }

    /** Closes every holder connection. */
    void closeAll() {
        List<SecureChannel> all;
        synchronized (this) {
            all = new ArrayList<>(connected.values());
        }
        all.forEach(SecureChannel::close);
    }
}
