package dev.dkg.keygen.client;

import dev.dkg.channel.SecureChannel;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.crypto.Secrets;
import dev.dkg.frost.Element;
import dev.dkg.frost.PedersenDkg;
import dev.dkg.frost.SecretShare;
import dev.dkg.frost.VerificationException;
import dev.dkg.keygen.CommitmentList;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.ShareEvidence;
import dev.dkg.keygen.ThresholdConfirmation;
import dev.dkg.keygen.ThresholdMessages;
import dev.dkg.keygen.ThresholdOpen;
import dev.dkg.keygen.ThresholdReceipt;
import dev.dkg.keygen.ThresholdReveal;
import dev.dkg.keygen.ThresholdTranscript;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.WireFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of one threshold round (docs/protocol.md section 15), top to bottom: checks T_OPEN and
 * every participant's certificate; deals its polynomial and commits to the reveal; reveals only after every
 * commitment is shown; checks every reveal (commitment, encodings, proof of knowledge); seals f(j) to each j
 * and signs it; checks every share it receives against its sender's commitments, complaining with provable
 * evidence if one is bad; confirms transcript hash and group key; and keeps its share only after the receipt
 * carries all n confirmations of that same transcript and key.
 *
 * <p>Guarantees: the only secret that leaves this process is f(j), sealed to j alone; a share is stored only
 * for a key every participant confirmed with this very transcript hash and group key, so a server that showed
 * participants different values gets no stored share; an abort is a {@link RoundAbortedException}, anything
 * wrong from the server a {@link GeneralSecurityException} (after ERROR 1).
 */
public final class ThresholdParticipant {
    private static final Logger log = LoggerFactory.getLogger(ThresholdParticipant.class);

    /**
     * How this participant behaves: {@link #HONEST} always, except in tests that mount an attack as a
     * misbehaving participant would (bad proof, bad or missing share, false complaint, withheld confirmation).
     */
    public interface Conduct {
        default byte[] reveal(byte[] honest) {
            return honest;
        }

        default BigInteger share(int recipient, BigInteger honest) {
            return honest;
        }

        default List<byte[]> shareEnvelopes(List<byte[]> honest) {
            return honest;
        }

        /** Null to judge honestly; otherwise the T_COMPLAINT body to send instead of confirming. */
        default byte[] complaint(List<byte[]> delivery) {
            return null;
        }

        default boolean confirms() {
            return true;
        }
    }

    public static final Conduct HONEST = new Conduct() {};

    /** What a finished round leaves: the verified receipt and the share as stored. */
    public record Result(ThresholdReceipt receipt, HeldShare share, java.nio.file.Path file) {}

    private final SecureChannel channel;
    private ThresholdOpen open;
    private List<PeerIdentity> peers;
    private final List<ThresholdReveal> reveals = new ArrayList<>();

    private ThresholdParticipant(SecureChannel channel) {
        this.channel = channel;
    }

    /** Takes part in the round {@code first} (a T_OPEN already received on {@code channel}) opened. */
    public static Result participate(SecureChannel channel, SecureChannel.Message first, Identity me, TrustAnchor trust,
                                     ThresholdShareStore store, SecureRandom random, Conduct conduct)
            throws IOException, GeneralSecurityException, RoundAbortedException {
        return new ThresholdParticipant(channel).run(first, me, trust, store, random, conduct);
    }

    private Result run(SecureChannel.Message first, Identity me, TrustAnchor trust, ThresholdShareStore store,
                       SecureRandom random, Conduct conduct)
            throws IOException, GeneralSecurityException, RoundAbortedException {
        open = decode(channel, () -> ThresholdOpen.decode(first.payload()));
        ThresholdOpen open = this.open;
        int myId = open.identifierOf(me.name());
        if (myId == 0) {
            throw refuse(channel, "the server opened round " + open.roundIdHex() + " without this client");
        }
        peers = checkCertificates(channel, open, me, trust);
        log.info("round {} opened by {}: {} {}-of-{} threshold key with {}", open.roundIdHex(), channel.peer().name(),
                open.suite().scheme(), open.threshold(), open.count(), String.join(" ", open.participants()));
        long wait = open.deadlineMillis() - System.currentTimeMillis() + RoundParticipant.RECEIPT_GRACE.toMillis();
        channel.setReadTimeout(Duration.ofMillis(Math.max(1000, wait)));
        byte[] roundId = open.roundId();
        int n = open.count();

        PedersenDkg dkg = new PedersenDkg(open.suite());
        PedersenDkg.Dealing dealing = dkg.deal(myId, open.threshold(),
                ThresholdReveal.proofContext(roundId, open.participants()), random);
        byte[] myReveal = conduct.reveal(new ThresholdReveal(dealing.commitment(), dealing.proof()).encode());
        byte[] myCommitment = ThresholdTranscript.commitment(roundId, me.name(), myReveal);
        channel.send(ThresholdMessages.COMMIT, myCommitment);

        SecureChannel.Message m = receive(channel, open, ThresholdMessages.COMMITMENTS);
        CommitmentList list = decode(channel, () -> CommitmentList.decode(m.payload()));
        if (!list.participants().equals(open.participants())
                || !MessageDigest.isEqual(list.commitments().get(myId - 1), myCommitment)) {
            throw refuse(channel, "the commitment list is not the round's or carries another commitment for this client");
        }
        channel.send(ThresholdMessages.REVEAL, myReveal);

        SecureChannel.Message revealsMessage = receive(channel, open, ThresholdMessages.REVEALS);
        List<byte[]> bodies = decode(channel, () -> ThresholdMessages.decodeList(revealsMessage.payload(), n,
                ThresholdMessages.MAX_REVEAL_BYTES, "reveal"));
        for (int i = 0; i < n; i++) {
            String who = open.nameOf(i + 1);
            if (!MessageDigest.isEqual(ThresholdTranscript.commitment(roundId, who, bodies.get(i)),
                    list.commitments().get(i))) {
                throw refuse(channel, "the server relayed a reveal of " + who + " that does not match its commitment");
            }
            byte[] body = bodies.get(i);
            ThresholdReveal reveal = decode(channel, () -> ThresholdReveal.decode(open.suite(), open.threshold(), body));
            try {
                reveal.verifyProof(roundId, i + 1, open.participants());
            } catch (VerificationException e) {
                throw refuse(channel, "the server relayed an invalid proof of knowledge of " + who);
            }
            reveals.add(reveal);
        }

        List<byte[]> envelopes = new ArrayList<>(n - 1);
        for (int j = 1; j <= n; j++) {
            if (j == myId) {
                continue;
            }
            byte[] share = open.suite().serializeScalar(conduct.share(j, dealing.polynomial().shareFor(j).value()));
            try {
                envelopes.add(Envelope.seal(ThresholdMessages.SHARE, roundId, j, me.privateKey(), me.publicKey(),
                        List.of(peers.get(j - 1).publicKey()), share));
            } finally {
                Secrets.wipe(share);
            }
        }
        channel.send(ThresholdMessages.SHARES, ThresholdMessages.encodeList(conduct.shareEnvelopes(envelopes)));

        SecureChannel.Message deliveryMessage = receive(channel, open, ThresholdMessages.DELIVERY);
        List<byte[]> delivery = decode(channel, () -> ThresholdMessages.decodeList(deliveryMessage.payload(), n - 1,
                ThresholdMessages.MAX_ENVELOPE_BYTES, "share envelope"));
        byte[] complaint = conduct.complaint(delivery);
        BigInteger sum = dealing.polynomial().shareFor(myId).value();
        for (int i = 1, k = 0; i <= n && complaint == null; i++) {
            if (i == myId) {
                continue;
            }
            byte[] envelope = delivery.get(k++);
            BigInteger value = openShare(envelope, roundId, myId, me, peers.get(i - 1).publicKey(), open, reveals.get(i - 1));
            if (value == null) {
                complaint = complaintAbout(envelope, roundId, myId, i, me, peers.get(i - 1).publicKey());
                log.warn("round {}: the share from {} is bad; complaining with the evidence", open.roundIdHex(),
                        open.nameOf(i));
            } else {
                sum = sum.add(value);
            }
        }
        if (complaint != null) {
            channel.send(ThresholdMessages.COMPLAINT, complaint);
            receive(channel, open, ThresholdMessages.RECEIPT);
            throw refuse(channel, "the server sent a receipt after a complaint");
        }
        SecretShare signingShare = new SecretShare(open.suite(), myId, sum.mod(open.suite().order()));

        ThresholdTranscript transcript = ThresholdTranscript.of(open, channel.peer().keyId().bytes(),
                channel.peer().name(), peers.stream().map(p -> p.keyId().bytes()).toList(), list.commitments(), reveals);
        Element groupKey = transcript.groupKey();
        List<Element> verificationShares = transcript.verificationShares();
        if (conduct.confirms()) {
            channel.send(ThresholdMessages.CONFIRM,
                    ThresholdConfirmation.sign(transcript.hash(), groupKey, me.privateKey()).encode());
        }

        SecureChannel.Message receiptMessage = receive(channel, open, ThresholdMessages.RECEIPT);
        ThresholdReceipt receipt = decode(channel, () -> ThresholdReceipt.decode(receiptMessage.payload()));
        receipt.verify(channel.peer().publicKey());
        if (!MessageDigest.isEqual(receipt.serverKeyId(), channel.peer().keyId().bytes())
                || !Arrays.equals(receipt.roundId(), roundId)
                || !MessageDigest.isEqual(receipt.transcriptHash(), transcript.hash())
                || !Arrays.equals(receipt.keyId(), transcript.keyId())
                || !receipt.groupKey().equals(groupKey)
                || receipt.suite() != open.suite() || receipt.threshold() != open.threshold()
                || !receipt.participants().equals(open.participants())) {
            throw refuse(channel, "the receipt does not describe the round this client took part in");
        }
        try {
            receipt.verifyConfirmations(peers.stream().map(PeerIdentity::publicKey).toList());
        } catch (GeneralSecurityException e) {
            throw refuse(channel, "participants saw different rounds (split view): " + e.getMessage());
        }
        HeldShare held = new HeldShare(receipt, signingShare, verificationShares);
        java.nio.file.Path file = store.save(held);
        return new Result(receipt, held, file);
    }

    /** Each participant's certificate: issued by our CA for role keygen-client and this very name. */
    private static List<PeerIdentity> checkCertificates(SecureChannel channel, ThresholdOpen open, Identity me,
                                                        TrustAnchor trust) throws GeneralSecurityException {
        List<PeerIdentity> peers = new ArrayList<>(open.count());
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (int i = 0; i < open.count(); i++) {
            String name = open.participants().get(i);
            try {
                byte[] der = open.certificates().get(i);
                X509Certificate cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
                if (!Arrays.equals(cert.getEncoded(), der)) {
                    throw new CertificateException("not canonical DER");
                }
                PeerIdentity peer = trust.validate(List.of(cert), Instant.now(), Set.of(Role.KEYGEN_CLIENT));
                if (!peer.name().equals(name)) {
                    throw new CertificateException("it names " + peer.name());
                }
                peers.add(peer);
            } catch (CertificateException e) {
                throw refuse(channel, "the certificate of participant " + name + " is not acceptable: " + e.getMessage());
            }
        }
        if (!peers.get(open.identifierOf(me.name()) - 1).keyId().equals(me.keyId())) {
            throw refuse(channel, "the round lists another key under this client's name");
        }
        return peers;
    }

    /** f_i(j) from i's envelope, if it opens and matches i's commitments; null otherwise. */
    private static BigInteger openShare(byte[] envelope, byte[] roundId, int myId, Identity me, PublicKey sender,
                                        ThresholdOpen open, ThresholdReveal senderReveal) {
        byte[] plaintext = null;
        try {
            plaintext = Envelope.open(envelope, ShareEvidence.expectShare(roundId, myId), me.privateKey(), me.publicKey(),
                    sender).plaintext();
            BigInteger value = ShareEvidence.shareValue(open.suite(), plaintext);
            return value != null && senderReveal.promises(myId, value) ? value : null;
        } catch (EnvelopeException e) {
            return null;
        } finally {
            Secrets.wipe(plaintext);
        }
    }

    /** The T_COMPLAINT: the content key if it opens the sender's own ciphertext (provable), else none. */
    private static byte[] complaintAbout(byte[] envelope, byte[] roundId, int myId, int accused, Identity me,
                                         PublicKey sender) {
        byte[] key = null;
        try {
            key = Envelope.provableContentKey(envelope, ShareEvidence.expectShare(roundId, myId), me.privateKey(),
                    me.publicKey(), sender);
            return ShareEvidence.encodeComplaint(accused, ShareEvidence.INCONSISTENT, key);
        } catch (EnvelopeException e) {
            return ShareEvidence.encodeComplaint(accused, ShareEvidence.UNOPENABLE, new byte[32]);
        } finally {
            Secrets.wipe(key);
        }
    }

    /**
     * The next message, which must be {@code expected}; T_EVIDENCE is judged here, and ROUND_ABORTED thrown
     * (a server naming other culprits than the evidence does is refused instead).
     */
    private SecureChannel.Message receive(SecureChannel channel, ThresholdOpen open, int expected)
            throws IOException, GeneralSecurityException, RoundAbortedException {
        List<String> judged = null;
        while (true) {
            SecureChannel.Message m = channel.receive(ThresholdMessages.FROM_SERVER);
            if (m.kind() == ThresholdMessages.EVIDENCE && judged == null) {
                ShareEvidence evidence = decode(channel, () -> ShareEvidence.decode(m.payload()));
                judged = judge(evidence);
                log.warn("round {}: {} complained about the share of {}; the evidence, checked here, names {}",
                        open.roundIdHex(), open.nameOf(evidence.complainant()), open.nameOf(evidence.accused()),
                        String.join(" and ", judged));
                continue;
            }
            if (m.kind() == KeygenMessages.ROUND_ABORTED) {
                RoundAborted aborted = decode(channel, () -> RoundAborted.decode(m.payload()));
                if (!Arrays.equals(aborted.roundId(), open.roundId())) {
                    throw refuse(channel, "abort names another round");
                }
                if (judged != null && !aborted.culprits().equals(judged)) {
                    throw new GeneralSecurityException("the server names " + aborted.culprits()
                            + " but the evidence it showed names " + judged);
                }
                throw new RoundAbortedException(aborted);
            }
            if (m.kind() != expected || judged != null) {
                throw refuse(channel, String.format("message kind 0x%04x where 0x%04x was expected", m.kind(), expected));
            }
            return m;
        }
    }

    /** Judges the evidence itself from T_OPEN's certificates and the accused's reveal. */
    private List<String> judge(ShareEvidence evidence) throws GeneralSecurityException {
        int n = open.count();
        if (reveals.size() != n || evidence.accused() < 1 || evidence.accused() > n || evidence.complainant() < 1
                || evidence.complainant() > n || evidence.accused() == evidence.complainant()) {
            throw refuse(channel, "evidence outside the share phase or naming no participant");
        }
        return evidence.judge(open.roundId(), open.suite(), peers.get(evidence.accused() - 1).publicKey(),
                peers.get(evidence.complainant() - 1).keyId(), reveals.get(evidence.accused() - 1))
                .stream().map(open::nameOf).toList();
    }

    private interface Decoder<T> {
        T decode() throws WireFormatException;
    }

    private static <T> T decode(SecureChannel channel, Decoder<T> decoder) throws GeneralSecurityException {
        try {
            return decoder.decode();
        } catch (WireFormatException e) {
            throw refuse(channel, "malformed message from the server: " + e.getMessage());
        }
    }

    private static GeneralSecurityException refuse(SecureChannel channel, String reason) {
        channel.reject(ErrorCode.PROTOCOL, reason);
        return new GeneralSecurityException("server " + channel.peer().name() + ": " + reason);
    }
}
