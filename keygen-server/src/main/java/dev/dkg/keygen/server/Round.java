package dev.dkg.keygen.server;

import dev.dkg.crypto.Secrets;
import dev.dkg.keygen.CommitmentList;
import dev.dkg.keygen.KeyDerivation;
import dev.dkg.keygen.KeyParameters;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.Receipt;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.RoundOpen;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.channel.SecureChannel;
import dev.dkg.pki.Identity;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One commit-then-reveal round over a fixed participant list (DESIGN.md section 4, docs/protocol.md "Key
 * generation"): opens with the server's commitment to its own contribution, collects every commitment,
 * sends the full list, collects every reveal, then derives, stores and acknowledges the key.
 *
 * <p>Guarantees: the commitment list goes out only once every participant has committed; a key is derived
 * only from every participant's contribution, each matching its commitment, and is on disk before any
 * receipt is sent. A missing, late or mismatching commitment or reveal, a disconnect or a protocol violation
 * aborts the round, names the culprits to every participant and in the event log, and derives nothing.
 */
final class Round implements ActiveRound {
    private static final Logger log = LoggerFactory.getLogger(Round.class);
    /** How long a finished round waits for a participant to close its connection before closing it. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private enum Phase { COMMIT, REVEAL, FINISHING, STORED, ABORTED }

    /** How a round ended: the stored key's id, or why it was aborted. */
    record Outcome(String roundId, String keyId, RoundAborted aborted) {
        boolean stored() {
            return keyId != null;
        }
    }

    private final RoundOpen open;
    private final Identity server;
    private final byte[] serverContribution;
    private final List<Participant> participants;
    private final Map<Participant, Integer> index = new HashMap<>();
    private final byte[][] commitments;
    private final byte[][] contributions;
    private final KeyStoreWriter store;
    private final RoundEvents events;
    private final Executor sender;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private ScheduledFuture<?> deadlineTask;
    private Phase phase = Phase.COMMIT;
    private int committed;
    private int revealed;

    private Round(RoundOpen open, Identity server, byte[] serverContribution, List<Participant> participants,
                  KeyStoreWriter store, RoundEvents events, Executor sender, ScheduledExecutorService timer, Clock clock) {
        this.open = open;
        this.server = server;
        this.serverContribution = serverContribution;
        this.participants = participants;
        for (int i = 0; i < participants.size(); i++) {
            index.put(participants.get(i), i);
        }
        this.commitments = new byte[participants.size()][];
        this.contributions = new byte[participants.size()][];
        this.store = store;
        this.events = events;
        this.sender = sender;
        this.timer = timer;
        this.clock = clock;
    }

    /**
     * Prepares a round for {@code members} (sorted here by name, the order contributions enter the key): a
     * fresh round id, seed and server contribution from {@code random}, and the deadline {@code timeout} from now.
     */
    static Round prepare(List<Participant> members, KeyParameters parameters, Duration timeout, Identity server,
                         KeyStoreWriter store, RoundEvents events, Executor sender, ScheduledExecutorService timer,
                         Clock clock, SecureRandom random) {
        List<Participant> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Participant::name));
        byte[] roundId = new byte[RoundTranscript.ROUND_ID_BYTES];
        byte[] seed = new byte[RoundTranscript.SEED_BYTES];
        byte[] contribution = new byte[KeygenMessages.VALUE_BYTES];
        random.nextBytes(roundId);
        random.nextBytes(seed);
        random.nextBytes(contribution);
        RoundOpen open = new RoundOpen(roundId, seed, RoundTranscript.commitment(roundId, server.name(), contribution),
                parameters, clock.millis() + timeout.toMillis(), sorted.stream().map(Participant::name).toList());
        Round round = new Round(open, server, contribution, List.copyOf(sorted), store, events, sender, timer, clock);
        sorted.forEach(p -> p.joinRound(round));
        return round;
    }

    /** Sends ROUND_OPEN to every participant and starts the deadline clock. */
    @Override
    public void start() {
        events.line("round " + open.roundIdHex() + ": opened with " + String.join(" ", open.participants()) + " ("
                + open.parameters().purpose() + ", " + open.parameters().length() + " bytes, deadline in "
                + Duration.ofMillis(Math.max(0, open.deadlineMillis() - clock.millis())).toSeconds() + " s)");
        synchronized (this) {
            deadlineTask = timer.schedule(this::onDeadline, Math.max(0, open.deadlineMillis() - clock.millis()),
                    TimeUnit.MILLISECONDS);
        }
        broadcast(KeygenMessages.ROUND_OPEN, open.encode(), false);
    }

    @Override
    public String roundId() {
        return open.roundIdHex();
    }

    @Override
    public List<String> names() {
        return open.participants();
    }

    @Override
    public Set<Integer> acceptedKinds() {
        return KeygenMessages.FROM_CLIENT;
    }

    /** Completes when the round has stored a key or aborted. */
    @Override
    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** COMMIT or REVEAL, each exactly one 32-byte value. */
    @Override
    public void onMessage(Participant p, SecureChannel.Message m) {
        byte[] value;
        try {
            value = KeygenMessages.decodeValue(m.payload(), m.kind() == KeygenMessages.COMMIT ? "commitment"
                    : "contribution");
        } catch (WireFormatException e) {
            onViolation(p, "malformed message: " + e.getMessage());
            return;
        }
        if (m.kind() == KeygenMessages.COMMIT) {
            onCommit(p, value);
        } else {
            onReveal(p, value);
        }
    }

    void onCommit(Participant p, byte[] commitment) {
        CommitmentList list = null;
        synchronized (this) {
            int i = index.get(p);
            if (phase != Phase.COMMIT || commitments[i] != null) {
                violation(p, "COMMIT " + (phase == Phase.COMMIT ? "sent twice" : "after the commit phase"));
                return;
            }
            if (clock.millis() > open.deadlineMillis()) {
                abort(RoundAborted.Reason.NO_COMMITMENT, missing(commitments));
                return;
            }
            commitments[i] = commitment.clone();
            committed++;
            if (committed == participants.size()) {
                phase = Phase.REVEAL;
                list = new CommitmentList(open.participants(), Arrays.asList(commitments));
            }
        }
        if (list != null) {
            log.debug("round {}: every participant committed", open.roundIdHex());
            broadcast(KeygenMessages.COMMITMENTS, list.encode(), false);
        }
    }

    void onReveal(Participant p, byte[] contribution) {
        synchronized (this) {
            int i = index.get(p);
            if (phase != Phase.REVEAL || contributions[i] != null) {
                violation(p, "REVEAL " + (phase == Phase.REVEAL ? "sent twice" : "outside the reveal phase"));
                return;
            }
            if (clock.millis() > open.deadlineMillis()) {
                abort(RoundAborted.Reason.NO_REVEAL, missing(contributions));
                return;
            }
            if (!MessageDigest.isEqual(RoundTranscript.commitment(open.roundId(), p.name(), contribution), commitments[i])) {
                abort(RoundAborted.Reason.MISMATCHING_REVEAL, List.of(p.name()));
                return;
            }
            contributions[i] = contribution.clone();
            revealed++;
            if (revealed < participants.size()) {
                return;
            }
            phase = Phase.FINISHING;
            deadlineTask.cancel(false);
        }
        finish();
    }

    /** The participant's connection ended or failed; mid-round that aborts the round. */
    @Override
    public void onConnectionLost(Participant p, RoundAborted.Reason reason, String detail) {
        synchronized (this) {
            if (phase == Phase.COMMIT || phase == Phase.REVEAL) {
                log.warn("round {}: {}: {}", open.roundIdHex(), p.name(), detail);
                abort(reason, List.of(p.name()));
            }
        }
    }

    /**
     * The server is stopping mid-round: the round ends without a key and without a culprit (no ROUND_ABORTED
     * naming anyone is sent; the clients see the connection close). Nothing was stored, so nothing is lost.
     */
    void stopWithServer() {
        synchronized (this) {
            if (phase != Phase.COMMIT && phase != Phase.REVEAL) {
                return;
            }
            phase = Phase.ABORTED;
            if (deadlineTask != null) {
                deadlineTask.cancel(false);
            }
            events.line("round " + open.roundIdHex() + ": stopped with the server; no key derived, no participant at fault");
            Secrets.wipe(serverContribution);
            for (byte[] c : contributions) {
                Secrets.wipe(c);
            }
            outcome.complete(new Outcome(open.roundIdHex(), null, null));
        }
    }

    /** A message that does not belong at this point of the round, or is malformed. */
    void onViolation(Participant p, String detail) {
        synchronized (this) {
            violation(p, detail);
        }
    }

    private void violation(Participant p, String detail) {
        if (phase == Phase.COMMIT || phase == Phase.REVEAL) {
            log.warn("round {}: protocol violation by {}: {}", open.roundIdHex(), p.name(), detail);
            abort(RoundAborted.Reason.PROTOCOL_VIOLATION, List.of(p.name()));
        }
    }

    private void onDeadline() {
        synchronized (this) {
            if (phase == Phase.COMMIT) {
                abort(RoundAborted.Reason.NO_COMMITMENT, missing(commitments));
            } else if (phase == Phase.REVEAL) {
                abort(RoundAborted.Reason.NO_REVEAL, missing(contributions));
            }
        }
    }

    private List<String> missing(byte[][] values) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                names.add(participants.get(i).name());
            }
        }
        return names;
    }

    /** Derives the key from every contribution, stores it durably, then sends each participant its receipt. */
    private void finish() {
        RoundTranscript transcript = open.transcript(server.keyId().bytes(), server.name(), Arrays.asList(commitments));
        byte[] key = null;
        KeyRecord record = null;
        Receipt receipt;
        long number;
        try {
            key = KeyDerivation.combine(transcript, serverContribution, Arrays.asList(contributions));
            record = new KeyRecord(Instant.ofEpochMilli(clock.millis()), transcript, key);
            // Signed before storing: once the key is on disk nothing may turn the round into an abort, or clients
            // would be told there is no key while a distributor already serves it.
            receipt = Receipt.sign(record, server.privateKey());
            number = store.store(record);
            synchronized (this) {
                phase = Phase.STORED;
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.error("round {}: could not derive or store the key: {}", open.roundIdHex(), e.toString());
            log.debug("storage failure detail", e);
            if (record != null) {
                record.wipe();
            }
            synchronized (this) {
                abort(RoundAborted.Reason.SERVER_FAILURE, List.of());
            }
            return;
        } finally {
            Secrets.wipe(key, serverContribution);
            for (byte[] c : contributions) {
                Secrets.wipe(c);
            }
        }
        try {
            events.line("round " + open.roundIdHex() + ": key " + record.keyId() + " stored (record " + number
                    + "), participants " + String.join(" ", open.participants()) + ", check value "
                    + record.checkValueHex());
        } finally {
            record.wipe();
        }
        broadcast(KeygenMessages.RECEIPT, receipt.encode(), true);
        outcome.complete(new Outcome(open.roundIdHex(), receipt.keyIdHex(), null));
    }

    /** Called with the lock held: ends the round without a key and tells everyone who is to blame. */
    private void abort(RoundAborted.Reason reason, List<String> culprits) {
        if (phase == Phase.ABORTED || phase == Phase.STORED) {
            return;
        }
        phase = Phase.ABORTED;
        if (deadlineTask != null) {
            deadlineTask.cancel(false);
        }
        RoundAborted aborted = new RoundAborted(open.roundId(), reason, culprits);
        events.line("round " + open.roundIdHex() + ": aborted: " + aborted.describe() + "; no key derived");
        Secrets.wipe(serverContribution);
        for (byte[] c : contributions) {
            Secrets.wipe(c);
        }
        broadcast(KeygenMessages.ROUND_ABORTED, aborted.encode(), true);
        outcome.complete(new Outcome(open.roundIdHex(), null, aborted));
    }

    /**
     * Sends {@code body} to every participant, in parallel on the sender pool (each send seals, a private-key
     * operation). A failed send mid-round is a lost connection; after the last message the connection is
     * closed once the participant closes it or the grace period ends.
     */
    private void broadcast(int kind, byte[] body, boolean last) {
        for (Participant p : participants) {
            Runnable send = () -> {
                try {
                    p.channel().send(kind, body);
                } catch (IOException e) {
                    if (!last) {
                        onConnectionLost(p, RoundAborted.Reason.DISCONNECTED, "send failed: " + e.getMessage());
                    }
                }
                if (last) {
                    try {
                        timer.schedule(p.channel()::close, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        // The service is shutting down: nothing more will be sent, close now.
                        p.channel().close();
                    }
                }
            };
            try {
                sender.execute(send);
            } catch (RejectedExecutionException e) {
                // The service is shutting down; the participant sees its connection close instead.
                p.channel().close();
            }
        }
    }
}
