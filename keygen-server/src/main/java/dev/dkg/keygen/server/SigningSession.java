package dev.dkg.keygen.server;

import dev.dkg.channel.SecureChannel;
import dev.dkg.crypto.Sha256;
import dev.dkg.frost.Frost;
import dev.dkg.frost.Signature;
import dev.dkg.frost.SignatureShare;
import dev.dkg.frost.SigningCommitment;
import dev.dkg.frost.VerificationException;
import dev.dkg.signing.CommitRequest;
import dev.dkg.signing.NonceCommitment;
import dev.dkg.signing.SessionEnded;
import dev.dkg.signing.ShareReply;
import dev.dkg.signing.ShareRequest;
import dev.dkg.signing.SignRequest;
import dev.dkg.signing.SignResult;
import dev.dkg.signing.SigningKey;
import dev.dkg.signing.SigningMessages;
import dev.dkg.signing.SigningOutcome;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FROST signing session as the Coordinator runs it (docs/protocol.md 16.3), top to bottom: ACL and key
 * checks, signers claimed, round one (commitments), round two (signature shares), every share verified, the
 * signature aggregated and verified, the result to the requester and the end to every signer.
 *
 * <p>Guarantee: a signature is released only after it verifies under the group key; a share that does not verify
 * ends the session naming its signer (identifiable abort), and nothing is aggregated from the rest.
 */
final class SigningSession {
    private static final Logger log = LoggerFactory.getLogger(SigningSession.class);

    /** A session that cannot go on: how it ended, and who caused it. */
    private static final class Abort extends Exception {
        final SigningOutcome outcome;
        final List<String> culprits;

        Abort(SigningOutcome outcome, List<String> culprits) {
            super(outcome.description(), null, false, false);
            this.outcome = outcome;
            this.culprits = List.copyOf(culprits);
        }
    }

    private final SigningService service;
    private final String requester;
    private final SignRequest request;
    private final SecureRandom random;
    private final SigningService.Timeouts timeouts;
    private final ExecutorService sender;
    private final byte[] sessionId = new byte[SigningMessages.SESSION_ID_BYTES];

    SigningSession(SigningService service, String requester, SignRequest request, SecureRandom random,
                   SigningService.Timeouts timeouts, ExecutorService sender) {
        this.service = service;
        this.requester = requester;
        this.request = request;
        this.random = random;
        this.timeouts = timeouts;
        this.sender = sender;
    }

    SignResult run() {
        String keyId = request.keyIdHex();
        byte[] message = request.message();
        // 1. Who may ask, and for what. The ACL comes first, so a refused requester learns nothing about keys.
        if (!service.acl().allows(requester, keyId, "sign")) {
            return refused(SigningOutcome.NOT_AUTHORISED, "the signing ACL does not grant sign on it");
        }
        Optional<SigningKey> found = service.keys().find(keyId);
        if (found.isEmpty()) {
            return refused(SigningOutcome.UNKNOWN_KEY, "no such threshold key");
        }
        SigningKey key = found.get();
        List<String> names = request.signers();
        if (!names.isEmpty() && (names.size() < key.threshold() || !key.holders().containsAll(names))) {
            return refused(SigningOutcome.UNKNOWN_KEY, "signers " + names + " are not " + key.threshold()
                    + " or more holders of " + key.describe());
        }

        // 2. The signers.
        List<ReadySigner> signers;
        try {
            SigningService.Claim claim = service.claim(key, names, request.waitMillis());
            if (claim.signers() == null) {
                service.events().line("signing for " + requester + " with key " + keyId + " aborted: "
                        + (claim.missing().isEmpty() ? "fewer than " + key.threshold() + " holders"
                        : String.join(", ", claim.missing())) + " not ready within " + request.waitMillis() + " ms");
                return SignResult.failed(SigningOutcome.SIGNERS_MISSING, key.keyId(), claim.missing());
            }
            signers = claim.signers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SignResult.failed(SigningOutcome.COORDINATOR_FAILURE, key.keyId(), List.of());
        }
        random.nextBytes(sessionId);
        String session = HexFormat.of().formatHex(sessionId);
        service.events().line("signing session " + session + " for " + requester + " with key " + keyId + " ("
                + key.describe() + "): " + message.length + " bytes, SHA-256 "
                + HexFormat.of().formatHex(Sha256.of(message)) + ", signers " + namesOf(signers));

        SignResult result;
        List<ReadySigner> stillThere = new ArrayList<>(signers);
        try {
            Frost frost = new Frost(key.suite());
            // 3. Round one: every signer shows the request to its operator and commits to fresh nonces.
            List<Integer> ids = signers.stream().map(ReadySigner::identifier).toList();
            byte[] commitRequest = new CommitRequest(sessionId, key.keyId(), requester, ids, message).encode();
            sendToAll(stillThere, s -> new Message(SigningMessages.COMMIT_REQUEST, commitRequest));
            List<SigningCommitment> commitments = collectCommitments(key, signers, stillThere);

            // 4. Round two: the sorted commitment list and the message; every signer answers with its share.
            List<ShareRequest.Entry> entries = commitments.stream()
                    .map(c -> new ShareRequest.Entry(c.identifier(), c.hiding().toBytes(), c.binding().toBytes())).toList();
            byte[] shareRequest = new ShareRequest(sessionId, entries, message).encode();
            sendToAll(stillThere, s -> new Message(SigningMessages.SHARE_REQUEST, shareRequest));
            List<SignatureShare> shares = collectShares(key, signers, stillThere);

            // 5. Every share checked against its signer's verification share (identifiable abort), then the
            //    aggregate checked under the group key before anyone sees it.
            List<String> bad = new ArrayList<>();
            for (SignatureShare share : shares) {
                try {
                    frost.verifySignatureShare(share, key.verificationShare(share.identifier()), commitments,
                            key.groupKey(), message);
                } catch (VerificationException e) {
                    bad.add(key.holder(share.identifier()));
                }
            }
            if (!bad.isEmpty()) {
                throw new Abort(SigningOutcome.BAD_SHARE, bad);
            }
            Signature signature = frost.aggregate(commitments, message, key.groupKey(), shares);
            try {
                frost.verify(key.groupKey(), message, signature);
            } catch (VerificationException e) {
                log.error("session {}: every share verified but the aggregate does not: {}", session, e.getMessage());
                throw new Abort(SigningOutcome.COORDINATOR_FAILURE, List.of());
            }
            service.events().line("signed: session " + session + " for " + requester + " with key " + keyId + " by "
                    + namesOf(signers) + ", signature verified");
            result = new SignResult(SigningOutcome.SIGNED, key.keyId(), signers.stream().map(ReadySigner::name).toList(),
                    signature.toBytes(), key.publicKey().toSubjectPublicKeyInfo());
        } catch (Abort a) {
            service.events().line("signing session " + session + " aborted: "
                    + (a.culprits.isEmpty() ? "" : String.join(", ", a.culprits) + " ") + a.outcome.description());
            result = SignResult.failed(a.outcome, key.keyId(), a.culprits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = SignResult.failed(SigningOutcome.COORDINATOR_FAILURE, key.keyId(), List.of());
        }
        // 6. The end, to every signer still connected (they wipe any nonces they hold); the result goes to the
        //    requester by the caller.
        SessionEnded ended = new SessionEnded(sessionId, result.outcome(),
                result.outcome() == SigningOutcome.SIGNED ? List.of() : result.names());
        byte[] endBody = ended.encode();
        // Released first: a watching signer answers SESSION_ENDED with SIGNER_READY at once.
        signers.forEach(ReadySigner::release);
        sendToAll(stillThere, s -> new Message(SigningMessages.SESSION_ENDED, endBody));
        return result;
    }

    private record Message(int kind, byte[] body) {}

    /** Sends one message to each signer in {@code alive} in parallel; a signer whose channel fails leaves it. */
    private void sendToAll(List<ReadySigner> alive, Function<ReadySigner, Message> message) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (ReadySigner s : List.copyOf(alive)) {
            Message m = message.apply(s);
            sends.add(CompletableFuture.runAsync(() -> {
                try {
                    s.channel().send(m.kind(), m.body());
                } catch (IOException e) {
                    log.info("cannot send to signer {}: {}", s.name(), e.toString());
                    synchronized (alive) {
                        alive.remove(s);
                    }
                    s.lost(e);
                }
            }, sender));
        }
        sends.forEach(CompletableFuture::join);
    }

    private List<SigningCommitment> collectCommitments(SigningKey key, List<ReadySigner> signers,
                                                       List<ReadySigner> alive) throws Abort, InterruptedException {
        long deadline = System.currentTimeMillis() + timeouts.approval().toMillis();
        Map<Integer, SigningCommitment> byId = new TreeMap<>();
        Failures failures = new Failures();
        for (ReadySigner s : signers) {
            try {
                SecureChannel.Message m = s.next(deadline - System.currentTimeMillis());
                if (m == null) {
                    failures.add(SigningOutcome.NO_ANSWER, s);
                } else if (m.kind() == SigningMessages.DECLINED) {
                    if (!Arrays.equals(SigningMessages.decodeDeclined(m.payload()), sessionId)) {
                        throw new WireFormatException("DECLINED for another session");
                    }
                    failures.add(SigningOutcome.DECLINED, s);
                } else if (m.kind() == SigningMessages.COMMITMENT) {
                    NonceCommitment c = NonceCommitment.decode(m.payload(), key.suite().elementBytes());
                    if (!Arrays.equals(c.sessionId(), sessionId)) {
                        throw new WireFormatException("COMMITMENT for another session");
                    }
                    byId.put(s.identifier(), new SigningCommitment(s.identifier(),
                            key.suite().deserializeElement(c.hiding()), key.suite().deserializeElement(c.binding())));
                } else {
                    throw new WireFormatException("kind " + m.kind() + " in round one");
                }
            } catch (WireFormatException | IllegalArgumentException e) { // InvalidEncodingException included
                s.channel().reject(ErrorCode.PROTOCOL, "round one: " + e.getMessage());
                alive.remove(s);
                failures.add(SigningOutcome.PROTOCOL_VIOLATION, s);
            } catch (IOException e) {
                alive.remove(s);
                failures.add(SigningOutcome.NO_ANSWER, s);
            }
        }
        failures.throwIfAny();
        return new ArrayList<>(byId.values());
    }

    private List<SignatureShare> collectShares(SigningKey key, List<ReadySigner> signers, List<ReadySigner> alive)
            throws Abort, InterruptedException {
        long deadline = System.currentTimeMillis() + timeouts.share().toMillis();
        List<SignatureShare> shares = new ArrayList<>();
        Failures failures = new Failures();
        for (ReadySigner s : signers) {
            try {
                SecureChannel.Message m = s.next(deadline - System.currentTimeMillis());
                if (m == null) {
                    failures.add(SigningOutcome.NO_ANSWER, s);
                } else if (m.kind() == SigningMessages.SIGNATURE_SHARE) {
                    ShareReply reply = ShareReply.decode(m.payload(), dev.dkg.frost.Ciphersuite.SCALAR_BYTES);
                    if (!Arrays.equals(reply.sessionId(), sessionId)) {
                        throw new WireFormatException("SIGNATURE_SHARE for another session");
                    }
                    shares.add(SignatureShare.fromBytes(key.suite(), s.identifier(), reply.share()));
                } else {
                    throw new WireFormatException("kind " + m.kind() + " in round two");
                }
            } catch (WireFormatException | IllegalArgumentException e) { // InvalidEncodingException included
                s.channel().reject(ErrorCode.PROTOCOL, "round two: " + e.getMessage());
                alive.remove(s);
                failures.add(SigningOutcome.PROTOCOL_VIOLATION, s);
            } catch (IOException e) {
                alive.remove(s);
                failures.add(SigningOutcome.NO_ANSWER, s);
            }
        }
        failures.throwIfAny();
        return shares;
    }

    /** The signers that failed a round, by how; the worst kind of failure names the session's culprits. */
    private static final class Failures {
        private final Map<SigningOutcome, List<String>> byOutcome = new TreeMap<>();

        void add(SigningOutcome outcome, ReadySigner s) {
            byOutcome.computeIfAbsent(outcome, o -> new ArrayList<>()).add(s.name());
        }

        void throwIfAny() throws Abort {
            for (SigningOutcome worst : List.of(SigningOutcome.PROTOCOL_VIOLATION, SigningOutcome.NO_ANSWER,
                    SigningOutcome.DECLINED)) {
                if (byOutcome.containsKey(worst)) {
                    throw new Abort(worst, byOutcome.get(worst));
                }
            }
        }
    }

    private SignResult refused(SigningOutcome outcome, String why) {
        service.events().line("refused signing for " + requester + " with key " + request.keyIdHex() + ": " + why);
        return SignResult.failed(outcome, request.keyId(), List.of());
    }

    private static String namesOf(List<ReadySigner> signers) {
        return String.join(" ", signers.stream().map(ReadySigner::name).toList());
    }
}
