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
import java.util.HashMap;
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
 * replaces its old connection), and one inbox where the answers the operation in progress expects arrive
 * in order, together with connect and disconnect events.
 *
 * <p>Guarantees: the inbox holds only the kinds the running operation expects, from the holders it named
 * ({@link #expect}), at most {@link #MAX_QUEUED_PER_HOLDER} per holder; anything else is wiped and dropped,
 * and a connection that sends more than {@link #MAX_UNEXPECTED} such messages, or overfills its share of
 * the inbox, is closed. So a holder in no vault cannot grow the dealer's memory by sending.
 */
final class HolderRegistry implements ChannelServer.Handler {
    private static final Logger log = LoggerFactory.getLogger(HolderRegistry.class);
    private static final Set<Integer> FROM_HOLDERS = Set.of(SharingKinds.RECEIPT, SharingKinds.SHARE_RETURN,
            SharingKinds.REFUSAL, SharingKinds.HEARTBEAT, SharingKinds.SUBSHARE_BUNDLE, SharingKinds.NOTICE_DONE);
    static final int CONNECTED = -1;
    static final int DISCONNECTED = -2;
    /** One answer per request is the protocol; a little slack for a late answer to an earlier one. */
    static final int MAX_QUEUED_PER_HOLDER = 4;
    static final int MAX_UNEXPECTED = 8;
    /** Connect and disconnect events beyond this many unconsumed ones are dropped (they carry no data). */
    private static final int MAX_EVENTS = 1024;

    /** A message from a holder, or a connect/disconnect event (kind {@link #CONNECTED}/{@link #DISCONNECTED}). */
    record Incoming(String holder, int kind, byte[] payload) {}

    /** What happens on a connection besides the inbox: connects and NOTICE_DONE answers (see PendingNotices). */
    interface Listener {
        void connected(String name, PeerIdentity peer);

        /** Returns false when the answer matches no pending notice (it then counts as unexpected). */
        boolean noticeDone(String name, PeerIdentity peer, byte[] body);
    }

    private final Map<String, SecureChannel> connected = new TreeMap<>();
    private final BlockingQueue<Incoming> inbox = new LinkedBlockingQueue<>();
    private final Map<String, Integer> queued = new HashMap<>();
    private final PrintWriter events;
    private Set<String> expectedFrom = Set.of();
    private Set<Integer> expectedKinds = Set.of();
    private volatile Listener listener;

    HolderRegistry(PrintWriter events) {
        this.events = events;
    }

    void setListener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Starts an operation's step: from now on the inbox takes only {@code kinds} from {@code names}; what
     * was queued before (late answers to an earlier step) is dropped.
     */
    void expect(Collection<String> names, Set<Integer> kinds) {
        synchronized (this) {
            expectedFrom = Set.copyOf(names);
            expectedKinds = Set.copyOf(kinds);
        }
        drain();
    }

    /** Ends an operation: nothing more is queued. */
    void expectNothing() {
        expect(Set.of(), Set.of());
    }

    /** Whether a message may be queued; counts it against its holder if so. */
    private synchronized boolean admit(String name, int kind) {
        if (!expectedFrom.contains(name) || !expectedKinds.contains(kind)) {
            return false;
        }
        int n = queued.getOrDefault(name, 0);
        if (n >= MAX_QUEUED_PER_HOLDER) {
            return false;
        }
        queued.put(name, n + 1);
        return true;
    }

    private synchronized void consumed(Incoming in) {
        if (in != null && in.kind() >= 0) {
            queued.computeIfPresent(in.holder(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    private void addEvent(String name, int kind) {
        if (inbox.size() < MAX_EVENTS) {
            inbox.add(new Incoming(name, kind, new byte[0]));
        }
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
        addEvent(name, CONNECTED);
        Listener l = listener;
        if (l != null) {
            l.connected(name, channel.peer());
        }
        int unexpected = 0;
        try {
            while (true) {
                SecureChannel.Message m = channel.receive(FROM_HOLDERS);
                if (m.kind() == SharingKinds.HEARTBEAT) {
                    continue;
                }
                boolean taken;
                if (m.kind() == SharingKinds.NOTICE_DONE) {
                    taken = l != null && l.noticeDone(name, channel.peer(), m.payload());
                } else {
                    taken = admit(name, m.kind());
                    if (taken) {
                        inbox.add(new Incoming(name, m.kind(), m.payload()));
                    }
                }
                if (!taken) {
                    java.util.Arrays.fill(m.payload(), (byte) 0);
                    log.debug("dropped an unexpected message (kind 0x{}) from holder {}", Integer.toHexString(m.kind()),
                            name);
                    if (++unexpected > MAX_UNEXPECTED) {
                        log.warn("closing the connection of holder {}: {} messages no operation asked for", name,
                                unexpected);
                        event("closed the connection of holder '" + name + "': it sent messages no operation asked for");
                        break;
                    }
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
            channel.close();
            if (removed) {
                event("holder '" + name + "' disconnected");
                addEvent(name, DISCONNECTED);
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
                    long secondsLeft = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
                    List<String> missing = names.stream().filter(n -> !connected.containsKey(n)).toList();
                    progress.println(present.size() + "/" + names.size() + " holders connected"
                            + (present.isEmpty() ? "" : ": " + String.join(" ", present))
                            + (present.size() >= needed ? "" : ", " + needed + " needed; waiting up to " + secondsLeft
                            + " s more for " + String.join(", ", missing)));
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
        Incoming in = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        consumed(in);
        return in;
    }

    private void drain() {
        List<Incoming> stale = new ArrayList<>();
        inbox.drainTo(stale);
        for (Incoming i : stale) {
            consumed(i);
            java.util.Arrays.fill(i.payload(), (byte) 0);
        }
    }

    /** How many messages (not events) wait in the inbox now; for tests of the bound. */
    synchronized int queuedMessages() {
        return queued.values().stream().mapToInt(Integer::intValue).sum();
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
