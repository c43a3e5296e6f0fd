package dev.dkg.dealer;

import dev.dkg.cli.CliException;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.sharing.EpochNotice;
import dev.dkg.sharing.NoticeDone;
import dev.dkg.sharing.VaultId;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EPOCH_COMMIT and SHARE_DELETE notices holders have not yet confirmed, kept in each vault's state
 * record ({@link VaultState.Pending}) so they survive the dealer process: each is sent when its holder
 * connects (to this or any later dealer run) with the key it was recorded for, and struck off when that
 * holder answers NOTICE_DONE for exactly that vault, kind and epoch.
 *
 * <p>Guarantee: an operation reports old shares as gone only once every holder concerned has confirmed;
 * until then the vault's status names the holders that have not.
 */
final class PendingNotices implements HolderRegistry.Listener {
    private static final Logger log = LoggerFactory.getLogger(PendingNotices.class);
    /** How long an operation waits for confirmations before reporting who has not confirmed yet. */
    static final Duration CONFIRM_WAIT = Duration.ofSeconds(5);

    private final VaultStore vaults;
    private final HolderRegistry holders;
    /** The pending list of every vault that has one; loaded from the state records at start. */
    private final Map<VaultId, List<VaultState.Pending>> pending = new HashMap<>();

    PendingNotices(VaultStore vaults, HolderRegistry holders) throws IOException {
        this.vaults = vaults;
        this.holders = holders;
        for (VaultId id : vaults.list()) {
            try {
                remember(vaults.state(id));
            } catch (CliException e) {
                log.warn("vault {}: {}", id, e.getMessage());
            }
        }
    }

    private synchronized void remember(VaultState state) {
        if (state.pending().isEmpty()) {
            pending.remove(state.vault());
        } else {
            pending.put(state.vault(), state.pending());
        }
        notifyAll();
    }

    /** The notices of {@code state} (just appended) are now owed: sends them to the holders connected now. */
    void owe(VaultState state) {
        remember(state);
        for (VaultState.Pending p : state.pending()) {
            send(state.vault(), p);
        }
    }

    private void send(VaultId vault, VaultState.Pending p) {
        PeerIdentity peer = holders.peer(p.name());
        if (peer == null || !peer.keyId().equals(p.key())) {
            log.debug("vault {}: {} not connected with its dealt key; notice stays pending", vault, p.name());
            return;
        }
        try {
            holders.send(p.name(), p.kind(), new EpochNotice(vault, p.epoch()).encode());
        } catch (IOException e) {
            log.debug("could not send a pending notice to {}: {}", p.name(), e.toString());
        }
    }

    @Override
    public void connected(String name, PeerIdentity peer) {
        Map<VaultId, List<VaultState.Pending>> snapshot;
        synchronized (this) {
            snapshot = new HashMap<>(pending);
        }
        snapshot.forEach((vault, list) -> list.stream()
                .filter(p -> p.name().equals(name) && p.key().equals(peer.keyId()))
                .forEach(p -> send(vault, p)));
    }

    @Override
    public boolean noticeDone(String name, PeerIdentity peer, byte[] body) {
        NoticeDone done;
        try {
            done = NoticeDone.decode(body);
        } catch (WireFormatException e) {
            log.debug("malformed NOTICE_DONE from {}: {}", name, e.getMessage());
            return false;
        }
        VaultState.Pending match = new VaultState.Pending(name, done.noticeKind(), done.epoch(), peer.keyId());
        synchronized (this) {
            if (!pending.getOrDefault(done.vault(), List.of()).contains(match)) {
                return false;
            }
        }
        try {
            VaultState after = vaults.update(done.vault(), s -> {
                List<VaultState.Pending> left = new ArrayList<>(s.pending());
                left.remove(match);
                return s.withPending(left);
            });
            remember(after);
            log.info("vault {}: holder {} confirmed {}", done.vault(), name, match.describe());
            return true;
        } catch (IOException | CliException e) {
            log.warn("vault {}: cannot record the confirmation of {}: {}", done.vault(), name, e.getMessage());
            return true;
        }
    }

    /** Waits up to {@code wait} until {@code vault} has nothing pending; returns what still is. */
    synchronized List<VaultState.Pending> awaitConfirmed(VaultId vault, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (pending.containsKey(vault)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return pending.getOrDefault(vault, List.of());
    }

    /** What is pending for {@code vault} now. */
    synchronized List<VaultState.Pending> of(VaultId vault) {
        return pending.getOrDefault(vault, List.of());
    }

    /**
     * "" when nothing is pending, else "; k of n holders have not yet {what}: a, b" for an operation's
     * closing line.
     */
    static String unconfirmed(List<VaultState.Pending> left, int concerned, String what) {
        if (left.isEmpty()) {
            return "";
        }
        List<String> names = left.stream().map(VaultState.Pending::name).distinct().toList();
        return "; " + names.size() + " of " + concerned + " holder" + (concerned == 1 ? " has" : "s have")
                + " not yet " + what + ": " + String.join(", ", names);
    }
}
