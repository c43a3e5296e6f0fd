package dev.dkg.keygen.server;

import dev.dkg.channel.ChannelServer;
import dev.dkg.channel.Limits;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running keygen server: key_store open for writing, the accept loop admitting keygen clients only, and
 * the coordinator running rounds. Used by the executable, by tests and by the benchmark.
 */
final class KeygenService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeygenService.class);
    /** Clients may wait in the lobby for a while before enough others arrive. */
    static final Duration LOBBY_IDLE_TIMEOUT = Duration.ofHours(1);

    private final KeyStoreWriter store;
    private final ExecutorService sender;
    private final ScheduledExecutorService timer;
    private final RoundCoordinator coordinator;
    private final ChannelServer channelServer;

    private KeygenService(KeyStoreWriter store, ExecutorService sender, ScheduledExecutorService timer,
                          RoundCoordinator coordinator, ChannelServer channelServer) {
        this.store = store;
        this.sender = sender;
        this.timer = timer;
        this.coordinator = coordinator;
        this.channelServer = channelServer;
    }

    /** Opens the key store at {@code keyStore} and starts listening on {@code listen}. */
    static KeygenService start(Identity identity, TrustAnchor trust, InetSocketAddress listen, Path keyStore,
                                      List<PeerIdentity> recipients, RoundPolicy policy, RoundEvents events)
            throws IOException, GeneralSecurityException {
        return start(identity, trust, listen, keyStore, recipients, policy, events, null);
    }

    /** As above, also copying every key record to the shared database ({@code copy}, or null for none). */
    static KeygenService start(Identity identity, TrustAnchor trust, InetSocketAddress listen, Path keyStore,
                               List<PeerIdentity> recipients, RoundPolicy policy, RoundEvents events,
                               DatabaseKeyCopy copy) throws IOException, GeneralSecurityException {
        KeyStoreWriter store = KeyStoreWriter.open(keyStore, identity, recipients, copy);
        ExecutorService sender = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("keygen-send"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("keygen-timer"));
        try {
            RoundCoordinator coordinator = new RoundCoordinator(policy, identity, store, events, sender, timer,
                    Clock.systemUTC(), new SecureRandom());
            Limits limits = Limits.defaults().withIdleTimeout(LOBBY_IDLE_TIMEOUT)
                    .withMaxConnections(Math.max(64, 2 * policy.participantCount() + 16));
            ChannelServer channelServer = ChannelServer.start(listen, identity, trust, Set.of(Role.KEYGEN_CLIENT),
                    limits, coordinator::handle);
            return new KeygenService(store, sender, timer, coordinator, channelServer);
        } catch (IOException | RuntimeException e) {
            sender.shutdownNow();
            timer.shutdownNow();
            store.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return channelServer.address();
    }

    public int port() {
        return channelServer.port();
    }

    /** Keys in the store, including those stored before this start. */
    public long storedKeys() {
        return store.keyCount();
    }

    public Path keyStore() {
        return store.file();
    }

    /** Each new key record is sealed to this many recipients (the server included). */
    public int recipientCount() {
        return store.recipientCount();
    }

    /** Waits until the policy's number of keys is stored; false on timeout. Never returns true without a limit. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return coordinator.finished().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until the policy's number of keys is stored (forever, if it sets none). */
    public void awaitFinished() throws InterruptedException {
        coordinator.finished().await();
    }

    /** Every round that ended so far: stored key ids and abort reasons. */
    List<Round.Outcome> outcomes() {
        return coordinator.outcomes();
    }

    @Override
    public void close() throws IOException {
        coordinator.stop();
        // Let queued sends (receipts of the last round) go out before the connections are closed.
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channelServer.close();
        timer.shutdownNow();
        store.close();
        log.debug("keygen service stopped");
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
