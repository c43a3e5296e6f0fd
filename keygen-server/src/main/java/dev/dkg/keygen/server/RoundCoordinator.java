package dev.dkg.keygen.server;

import dev.dkg.channel.ChannelException;
import dev.dkg.channel.PeerRejectedException;
import dev.dkg.channel.SecureChannel;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.ThresholdMessages;
import dev.dkg.pki.Identity;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.WireFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits authenticated keygen clients to a lobby, opens a round when the policy's participants are all
 * there, runs one round at a time, and stops after the policy's number of stored keys.
 *
 * <p>Each connection's handler thread reads that client's messages and hands them to its round, so opening
 * envelopes (a private-key operation each) runs in parallel across clients. A second connection under a name
 * already in the lobby or the running round, and a name the policy does not list, are refused with
 * NOT_AUTHORISED; the server carries on.
 */
final class RoundCoordinator {
    private static final Logger log = LoggerFactory.getLogger(RoundCoordinator.class);

    /** What a client may send in either kind of round; the round itself then checks its own kinds. */
    private static final Set<Integer> ANY_ROUND_KIND = union(KeygenMessages.FROM_CLIENT, ThresholdMessages.FROM_CLIENT);

    private final RoundPolicy policy;
    private final Identity server;
    private final KeyStoreWriter store;
    private final RoundEvents events;
    private final Executor sender;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Participant> lobby = new LinkedHashMap<>();
    private final List<Round.Outcome> outcomes = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private ActiveRound current;
    /** Set when the server stops: connections then close because of us, not because a client left. */
    private volatile boolean stopping;
    private int stored;

    RoundCoordinator(RoundPolicy policy, Identity server, KeyStoreWriter store, RoundEvents events, Executor sender,
                     ScheduledExecutorService timer, Clock clock, SecureRandom random) {
        this.policy = policy;
        this.server = server;
        this.store = store;
        this.events = events;
        this.sender = sender;
        this.timer = timer;
        this.clock = clock;
        this.random = random;
    }

    /** The ChannelServer handler: admits the client, then feeds its messages to its round until it ends. */
    void handle(SecureChannel channel) {
        Participant p = admit(channel);
        if (p == null) {
            return;
        }
        try {
            while (true) {
                SecureChannel.Message m = channel.receive(ANY_ROUND_KIND);
                ActiveRound round = p.round();
                if (round == null) {
                    leaveLobby(p);
                    channel.reject(ErrorCode.PROTOCOL, "sent a message before its round opened");
                    return;
                }
                if (!round.acceptedKinds().contains(m.kind())) {
                    channel.reject(ErrorCode.PROTOCOL, String.format("message kind 0x%04x in this round", m.kind()));
                    round.onConnectionLost(p, RoundAborted.Reason.PROTOCOL_VIOLATION, "message of another kind of round");
                    return;
                }
                // A malformed message aborts the round but keeps the connection: the culprit, too, gets
                // ROUND_ABORTED naming it (section 14.3 step 7), and the round closes the connection after it.
                round.onMessage(p, m);
            }
        } catch (EOFException | SocketException e) {
            lost(p, RoundAborted.Reason.DISCONNECTED, "disconnected");
        } catch (PeerRejectedException e) {
            lost(p, RoundAborted.Reason.DISCONNECTED, e.getMessage());
        } catch (ChannelException e) {
            lost(p, RoundAborted.Reason.PROTOCOL_VIOLATION, e.getMessage());
        } catch (IOException e) {
            lost(p, RoundAborted.Reason.DISCONNECTED, e.toString());
        }
    }

    /** The server is stopping: a round in progress ends without blaming anyone, and no new one opens. */
    void stop() {
        Round round;
        synchronized (this) {
            stopping = true;
            round = current;
        }
        if (round != null) {
            round.stopWithServer();
        }
    }

    private void lost(Participant p, RoundAborted.Reason reason, String detail) {
        ActiveRound round = p.round();
        if (stopping) {
            // The connection closed because the server is stopping; the round already ended without a culprit.
            return;
        }
        if (round == null) {
            leaveLobby(p);
        } else {
            round.onConnectionLost(p, reason, detail);
        }
    }

    private Participant admit(SecureChannel channel) {
        String name = channel.peer().name();
        ActiveRound toStart;
        synchronized (this) {
            String refusal = null;
            if (finished.getCount() == 0) {
                refusal = "the server has finished its rounds";
            } else if (policy.named() && !policy.names().contains(name)) {
                refusal = "not a listed participant";
            } else if (lobby.containsKey(name) || (current != null && current.names().contains(name))) {
                refusal = "already connected as a participant";
            }
            if (refusal != null) {
                events.line("refused " + name + " (" + channel.remoteAddress() + "): " + refusal);
                channel.reject(ErrorCode.NOT_AUTHORISED, refusal);
                return null;
            }
            Participant p = new Participant(channel);
            lobby.put(name, p);
            events.line(lobbyLine());
            toStart = openRoundIfReady();
            if (toStart != null) {
                toStart.start();
            }
            return p;
        }
    }

    private void leaveLobby(Participant p) {
        synchronized (this) {
            if (lobby.remove(p.name(), p)) {
                events.line(p.name() + " left before its round opened; " + lobbyLine());
            }
        }
    }

    private String lobbyLine() {
        return lobby.size() + "/" + policy.participantCount() + " participants connected: "
                + String.join(" ", lobby.keySet());
    }

    /** Called with the lock held: takes the round's participants out of the lobby if they are all there. */
    private ActiveRound openRoundIfReady() {
        if (current != null || finished.getCount() == 0) {
            return null;
        }
        List<Participant> members;
        if (policy.named()) {
            if (!lobby.keySet().containsAll(policy.names())) {
                return null;
            }
            members = policy.names().stream().map(lobby::get).collect(Collectors.toList());
        } else {
            if (lobby.size() < policy.participantCount()) {
                return null;
            }
            members = lobby.values().stream().limit(policy.participantCount()).collect(Collectors.toList());
        }
        members.forEach(m -> lobby.remove(m.name()));
        ActiveRound round = policy.threshold() > 0
                ? ThresholdRound.prepare(members, policy, server, store, events, sender, timer, clock, random)
                : Round.prepare(members, policy.parameters(), policy.roundTimeout(), server, store, events, sender,
                        timer, clock, random);
        current = round;
        round.outcome().thenAcceptAsync(this::roundEnded, sender);
        return round;
    }

    private void roundEnded(Round.Outcome outcome) {
        ActiveRound next;
        synchronized (this) {
            outcomes.add(outcome);
            current = null;
            if (outcome.stored()) {
                stored++;
            }
            if (stopping) {
                return;
            }
            if (policy.rounds() > 0 && stored >= policy.rounds()) {
                events.line("stored " + stored + " key" + (stored == 1 ? "" : "s") + " as asked (--rounds "
                        + policy.rounds() + "); stopping");
                for (Participant waiting : lobby.values()) {
                    waiting.channel().reject(ErrorCode.NOT_AUTHORISED, "the server has finished its rounds");
                }
                lobby.clear();
                finished.countDown();
                return;
            }
            next = openRoundIfReady();
        }
        if (next != null) {
            next.start();
        }
    }

    /** Counts down once the policy's number of keys is stored (never, if the policy sets no limit). */
    CountDownLatch finished() {
        return finished;
    }

    /** Every round that has ended, in order. */
    synchronized List<Round.Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
