package dev.dkg.keygen.server;

import dev.dkg.channel.SecureChannel;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.KeyId;
import dev.dkg.frost.Element;
import dev.dkg.keygen.CommitmentList;
import dev.dkg.frost.VerificationException;
import dev.dkg.keygen.GroupKeyFingerprint;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.keygen.ShareEvidence;
import dev.dkg.keygen.ThresholdConfirmation;
import dev.dkg.keygen.ThresholdKeyRecord;
import dev.dkg.keygen.ThresholdMessages;
import dev.dkg.keygen.ThresholdOpen;
import dev.dkg.keygen.ThresholdReceipt;
import dev.dkg.keygen.ThresholdReveal;
import dev.dkg.keygen.ThresholdTranscript;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
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
 * One threshold key-generation round (docs/protocol.md section 15), the server's side, top to bottom:
 * T_OPEN with every participant's certificate; commitments to the reveals, then the reveals (checked here:
 * commitment, encodings, proof of knowledge); share envelopes, checked for sender, round and recipient and
 * relayed unopened; a complaint judged from its evidence; confirmations; then the public record is stored and
 * the receipts go out.
 *
 * <p>Guarantees: the server never holds a share or the group secret: it sees only public values and envelopes
 * sealed to others. No reveal goes out before every commitment is in; a key is stored only when all n
 * participants confirmed the transcript hash and group key the server computed itself; any deviation aborts
 * the round naming the culprit (never continuing with whoever is left), and derives and stores nothing.
 */
final class ThresholdRound implements ActiveRound {
    private static final Logger log = LoggerFactory.getLogger(ThresholdRound.class);

    private enum Phase { COMMIT, REVEAL, SHARES, CONFIRM, FINISHING, STORED, ABORTED }

    private final ThresholdOpen open;
    private final Identity server;
    private final List<Participant> participants;
    private final List<PeerIdentity> peers;
    private final Map<Participant, Integer> index = new HashMap<>();
    private final byte[][] commitments;
    private final ThresholdReveal[] reveals;
    private final byte[][] revealBodies;
    /** shares[i][j]: the envelope participant i sealed to j (null for j = i). */
    private final byte[][][] shares;
    private final byte[][] confirmations;
    private final KeyStoreWriter store;
    private final RoundEvents events;
    private final Executor sender;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final CompletableFuture<Round.Outcome> outcome = new CompletableFuture<>();
    private ScheduledFuture<?> deadlineTask;
    private Phase phase = Phase.COMMIT;
    private int received;
    private ThresholdTranscript transcript;
    private Element groupKey;

    private ThresholdRound(ThresholdOpen open, Identity server, List<Participant> participants, KeyStoreWriter store,
                           RoundEvents events, Executor sender, ScheduledExecutorService timer, Clock clock) {
        this.open = open;
        this.server = server;
        this.participants = participants;
        this.peers = participants.stream().map(p -> p.channel().peer()).toList();
        int n = participants.size();
        for (int i = 0; i < n; i++) {
            index.put(participants.get(i), i);
        }
        commitments = new byte[n][];
        reveals = new ThresholdReveal[n];
        revealBodies = new byte[n][];
        shares = new byte[n][][];
        confirmations = new byte[n][];
        this.store = store;
        this.events = events;
        this.sender = sender;
        this.timer = timer;
        this.clock = clock;
    }

    /** Prepares a round for {@code members} (sorted by name: identifiers are positions in that order). */
    static ThresholdRound prepare(List<Participant> members, RoundPolicy policy, Identity server, KeyStoreWriter store,
                                  RoundEvents events, Executor sender, ScheduledExecutorService timer, Clock clock,
                                  SecureRandom random) {
        List<Participant> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Participant::name));
        byte[] roundId = new byte[RoundTranscript.ROUND_ID_BYTES];
        random.nextBytes(roundId);
        List<byte[]> certificates = new ArrayList<>();
        for (Participant p : sorted) {
            try {
                certificates.add(p.channel().peer().certificate().getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a validated certificate does not encode", e);
            }
        }
        ThresholdOpen open = new ThresholdOpen(roundId, policy.suite(), policy.threshold(),
                clock.millis() + policy.roundTimeout().toMillis(), sorted.stream().map(Participant::name).toList(),
                certificates);
        ThresholdRound round = new ThresholdRound(open, server, List.copyOf(sorted), store, events, sender, timer, clock);
        sorted.forEach(p -> p.joinRound(round));
        return round;
    }

    @Override
    public void start() {
        events.line("round " + open.roundIdHex() + ": opened with " + String.join(" ", open.participants()) + " ("
                + open.suite().scheme() + " " + open.threshold() + "-of-" + open.count() + " threshold key, deadline in "
                + Duration.ofMillis(Math.max(0, open.deadlineMillis() - clock.millis())).toSeconds() + " s)");
        synchronized (this) {
            deadlineTask = timer.schedule(this::onDeadline, Math.max(0, open.deadlineMillis() - clock.millis()),
                    TimeUnit.MILLISECONDS);
        }
        broadcast(ThresholdMessages.OPEN, open.encode());
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
        return ThresholdMessages.FROM_CLIENT;
    }

    @Override
    public CompletableFuture<Round.Outcome> outcome() {
        return outcome;
    }

    @Override
    public void onMessage(Participant p, SecureChannel.Message m) {
        synchronized (this) {
            int i = index.get(p);
            Phase expected = switch (m.kind()) {
                case ThresholdMessages.COMMIT -> Phase.COMMIT;
                case ThresholdMessages.REVEAL -> Phase.REVEAL;
                case ThresholdMessages.SHARES -> Phase.SHARES;
                default -> Phase.CONFIRM;
            };
            if (phase != expected || alreadySent(i)) {
                violation(p, String.format("message kind 0x%04x %s", m.kind(), phase == expected ? "sent twice"
                        : "outside its phase"));
                return;
            }
            if (clock.millis() > open.deadlineMillis()) {
                onDeadline();
                return;
            }
            switch (m.kind()) {
                case ThresholdMessages.COMMIT -> onCommit(p, i, m.payload());
                case ThresholdMessages.REVEAL -> onReveal(p, i, m.payload());
                case ThresholdMessages.SHARES -> onShares(p, i, m.payload());
                case ThresholdMessages.COMPLAINT -> onComplaint(p, i, m.payload());
                default -> onConfirm(p, i, m.payload());
            }
        }
    }

    private boolean alreadySent(int i) {
        return switch (phase) {
            case COMMIT -> commitments[i] != null;
            case REVEAL -> reveals[i] != null;
            case SHARES -> shares[i] != null;
            case CONFIRM -> confirmations[i] != null;
            default -> true;
        };
    }

    private void onCommit(Participant p, int i, byte[] body) {
        try {
            commitments[i] = KeygenMessages.decodeValue(body, "commitment");
        } catch (WireFormatException e) {
            violation(p, "malformed T_COMMIT: " + e.getMessage());
            return;
        }
        if (++received == participants.size()) {
            received = 0;
            phase = Phase.REVEAL;
            broadcast(ThresholdMessages.COMMITMENTS,
                    new CommitmentList(open.participants(), Arrays.asList(commitments)).encode());
        }
    }

    private void onReveal(Participant p, int i, byte[] body) {
        if (!MessageDigest.isEqual(ThresholdTranscript.commitment(open.roundId(), p.name(), body), commitments[i])) {
            abort(RoundAborted.Reason.MISMATCHING_REVEAL, List.of(p.name()));
            return;
        }
        ThresholdReveal reveal;
        try {
            reveal = ThresholdReveal.decode(open.suite(), open.threshold(), body);
        } catch (WireFormatException e) {
            log.warn("round {}: {} revealed invalid values: {}", open.roundIdHex(), p.name(), e.getMessage());
            abort(RoundAborted.Reason.BAD_PROOF, List.of(p.name()));
            return;
        }
        try {
            reveal.verifyProof(open.roundId(), i + 1, open.participants());
        } catch (VerificationException e) {
            log.warn("round {}: {}: {}", open.roundIdHex(), p.name(), e.getMessage());
            abort(RoundAborted.Reason.BAD_PROOF, List.of(p.name()));
            return;
        }
        reveals[i] = reveal;
        revealBodies[i] = body.clone();
        if (++received == participants.size()) {
            received = 0;
            phase = Phase.SHARES;
            List<byte[]> peerKeyIds = peers.stream().map(peer -> peer.keyId().bytes()).toList();
            transcript = ThresholdTranscript.of(open, server.keyId().bytes(), server.name(), peerKeyIds,
                    Arrays.asList(commitments), Arrays.asList(reveals));
            groupKey = transcript.groupKey();
            broadcast(ThresholdMessages.REVEALS, ThresholdMessages.encodeList(Arrays.asList(revealBodies)));
        }
    }

    /** Checks every envelope's sender, round, recipient and signature (not its content: it cannot open it). */
    private void onShares(Participant p, int i, byte[] body) {
        int n = participants.size();
        List<byte[]> envelopes;
        try {
            envelopes = ThresholdMessages.decodeList(body, n - 1, ThresholdMessages.MAX_ENVELOPE_BYTES, "share envelope");
        } catch (WireFormatException e) {
            log.warn("round {}: T_SHARES of {}: {}", open.roundIdHex(), p.name(), e.getMessage());
            abort(RoundAborted.Reason.MISSING_SHARES, List.of(p.name()));
            return;
        }
        byte[][] row = new byte[n][];
        int k = 0;
        for (int j = 0; j < n; j++) {
            if (j == i) {
                continue;
            }
            byte[] envelope = envelopes.get(k++);
            try {
                List<KeyId> to = Envelope.verify(envelope, ShareEvidence.expectShare(open.roundId(), j + 1),
                        peers.get(i).publicKey());
                if (!to.equals(List.of(peers.get(j).keyId()))) {
                    throw new EnvelopeException("sealed to other recipients than " + open.nameOf(j + 1));
                }
            } catch (EnvelopeException e) {
                log.warn("round {}: share envelope of {} for {}: {}", open.roundIdHex(), p.name(), open.nameOf(j + 1),
                        e.getMessage());
                abort(RoundAborted.Reason.MISSING_SHARES, List.of(p.name()));
                return;
            }
            row[j] = envelope;
        }
        shares[i] = row;
        if (++received == n) {
            received = 0;
            phase = Phase.CONFIRM;
            for (int j = 0; j < n; j++) {
                List<byte[]> toJ = new ArrayList<>(n - 1);
                for (int s = 0; s < n; s++) {
                    if (s != j) {
                        toJ.add(shares[s][j]);
                    }
                }
                send(participants.get(j), List.of(new Outgoing(ThresholdMessages.DELIVERY,
                        ThresholdMessages.encodeList(toJ))), false);
            }
        }
    }

    /** Judges the complaint from its evidence, shows the evidence to everyone, and aborts naming the culprit. */
    private void onComplaint(Participant p, int i, byte[] body) {
        ShareEvidence evidence;
        try {
            List<List<byte[]>> relayed = new ArrayList<>();
            for (byte[][] row : shares) {
                relayed.add(Arrays.asList(row));
            }
            evidence = ShareEvidence.fromComplaint(i + 1, body, participants.size(), relayed);
        } catch (WireFormatException e) {
            violation(p, "malformed T_COMPLAINT: " + e.getMessage());
            return;
        }
        int accused = evidence.accused() - 1;
        List<Integer> culprits = evidence.judge(open.roundId(), open.suite(), peers.get(accused).publicKey(),
                peers.get(i).keyId(), reveals[accused]);
        RoundAborted.Reason reason = evidence.reason() == ShareEvidence.UNOPENABLE ? RoundAborted.Reason.UNOPENABLE_SHARE
                : culprits.get(0) == evidence.accused() ? RoundAborted.Reason.BAD_SHARE
                : RoundAborted.Reason.FALSE_COMPLAINT;
        events.line("round " + open.roundIdHex() + ": " + p.name() + " complained about the share of "
                + open.nameOf(evidence.accused()) + "; the evidence names " + String.join(" and ", names(culprits)));
        abort(reason, names(culprits), new Outgoing(ThresholdMessages.EVIDENCE, evidence.encode()));
    }

    private void onConfirm(Participant p, int i, byte[] body) {
        try {
            ThresholdConfirmation c = ThresholdConfirmation.decode(body);
            if (!MessageDigest.isEqual(c.transcriptHash(), transcript.hash())) {
                throw new SignatureException("it names transcript hash another than the server's");
            }
            ThresholdConfirmation.verify(c.signature(), transcript.hash(), groupKey, peers.get(i).publicKey());
            confirmations[i] = c.signature();
        } catch (WireFormatException | SignatureException e) {
            log.warn("round {}: confirmation of {}: {}", open.roundIdHex(), p.name(), e.getMessage());
            abort(RoundAborted.Reason.WRONG_CONFIRMATION, List.of(p.name()));
            return;
        }
        if (++received == participants.size()) {
            phase = Phase.FINISHING;
            deadlineTask.cancel(false);
            sender.execute(this::finish);
        }
    }

    @Override
    public void onConnectionLost(Participant p, RoundAborted.Reason reason, String detail) {
        synchronized (this) {
            if (running()) {
                log.warn("round {}: {}: {}", open.roundIdHex(), p.name(), detail);
                abort(reason, List.of(p.name()));
            }
        }
    }

    private boolean running() {
        return phase == Phase.COMMIT || phase == Phase.REVEAL || phase == Phase.SHARES || phase == Phase.CONFIRM;
    }

    private void violation(Participant p, String detail) {
        if (running()) {
            log.warn("round {}: protocol violation by {}: {}", open.roundIdHex(), p.name(), detail);
            abort(RoundAborted.Reason.PROTOCOL_VIOLATION, List.of(p.name()));
        }
    }

    private void onDeadline() {
        synchronized (this) {
            switch (phase) {
                case COMMIT -> abort(RoundAborted.Reason.NO_COMMITMENT, missing(commitments));
                case REVEAL -> abort(RoundAborted.Reason.NO_REVEAL, missing(reveals));
                case SHARES -> abort(RoundAborted.Reason.MISSING_SHARES, missing(shares));
                case CONFIRM -> abort(RoundAborted.Reason.NO_CONFIRMATION, missing(confirmations));
                default -> { }
            }
        }
    }

    private List<String> missing(Object[] values) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                names.add(participants.get(i).name());
            }
        }
        return names;
    }

    private List<String> names(List<Integer> identifiers) {
        return identifiers.stream().map(open::nameOf).toList();
    }

    /** Stores the public record durably, then sends each participant the receipt. */
    private void finish() {
        ThresholdKeyRecord record = new ThresholdKeyRecord(Instant.ofEpochMilli(clock.millis()), transcript,
                Arrays.asList(confirmations));
        ThresholdReceipt receipt;
        long number;
        try {
            receipt = ThresholdReceipt.sign(record, server.privateKey());
            number = store.store(record);
            synchronized (this) {
                phase = Phase.STORED;
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.error("round {}: could not store the threshold key: {}", open.roundIdHex(), e.toString());
            synchronized (this) {
                phase = Phase.CONFIRM;
                abort(RoundAborted.Reason.SERVER_FAILURE, List.of());
            }
            return;
        }
        events.line("round " + open.roundIdHex() + ": threshold key " + record.keyId() + " stored (record " + number
                + "), " + open.suite().scheme() + " " + record.thresholdLabel() + ", participants "
                + String.join(" ", open.participants()) + ", group key " + GroupKeyFingerprint.of(groupKey));
        for (Participant p : participants) {
            send(p, List.of(new Outgoing(ThresholdMessages.RECEIPT, receipt.encode())), true);
        }
        outcome.complete(new Round.Outcome(open.roundIdHex(), record.keyId(), null));
    }

    /** Called with the lock held: ends the round without a key, after {@code first} (evidence) if given. */
    private void abort(RoundAborted.Reason reason, List<String> culprits, Outgoing... first) {
        if (!running()) {
            return;
        }
        phase = Phase.ABORTED;
        if (deadlineTask != null) {
            deadlineTask.cancel(false);
        }
        RoundAborted aborted = new RoundAborted(open.roundId(), reason, culprits);
        events.line("round " + open.roundIdHex() + ": aborted: " + aborted.describe() + "; no key stored");
        List<Outgoing> messages = new ArrayList<>(List.of(first));
        messages.add(new Outgoing(KeygenMessages.ROUND_ABORTED, aborted.encode()));
        for (Participant p : participants) {
            send(p, messages, true);
        }
        outcome.complete(new Round.Outcome(open.roundIdHex(), null, aborted));
    }

    private record Outgoing(int kind, byte[] body) {}

    private void broadcast(int kind, byte[] body) {
        for (Participant p : participants) {
            send(p, List.of(new Outgoing(kind, body)), false);
        }
    }

    /**
     * Sends {@code messages}, in order, to {@code p} on the sender pool (each send seals: a private-key
     * operation). A failed send mid-round is a lost connection; after the last message of the round the
     * connection is closed once the participant closes it or the grace period ends.
     */
    private void send(Participant p, List<Outgoing> messages, boolean last) {
        Runnable task = () -> {
            try {
                for (Outgoing m : messages) {
                    p.channel().send(m.kind(), m.body());
                }
            } catch (IOException e) {
                if (!last) {
                    onConnectionLost(p, RoundAborted.Reason.DISCONNECTED, "send failed: " + e.getMessage());
                }
            }
            if (last) {
                try {
                    timer.schedule(p.channel()::close, Round.CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    p.channel().close();
                }
            }
        };
        try {
            sender.execute(task);
        } catch (RejectedExecutionException e) {
            p.channel().close();
        }
    }
}
