package dev.dkg.keygen;

import dev.dkg.crypto.KeyId;
import dev.dkg.crypto.Sha256;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Element;
import dev.dkg.frost.VssCommitment;
import dev.dkg.pki.Subject;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The public record of one threshold round (docs/protocol.md 15.1): who ran it, its id, suite, threshold and
 * deadline, and per participant (in participant order) its name, its certificate key id, its commitment and
 * its reveal. Every confirmation signs its hash; the key id follows from it. Holds nothing secret.
 */
public final class ThresholdTranscript {
    private static final byte[] LABEL = ascii("dkg threshold transcript v1");
    private static final byte[] COMMIT_LABEL = ascii("dkg threshold commit v1");
    private static final byte[] KEY_ID_LABEL = ascii("dkg threshold key id v1");
    public static final int KEY_ID_BYTES = 16;

    private final byte[] roundId;
    private final byte[] serverKeyId;
    private final String serverName;
    private final Ciphersuite suite;
    private final int threshold;
    private final long deadlineMillis;
    private final List<String> participants;
    private final List<byte[]> participantKeyIds;
    private final List<byte[]> commitments;
    private final List<ThresholdReveal> reveals;
    private final byte[] encoded;

    public ThresholdTranscript(byte[] roundId, byte[] serverKeyId, String serverName, Ciphersuite suite, int threshold,
                               long deadlineMillis, List<String> participants, List<byte[]> participantKeyIds,
                               List<byte[]> commitments, List<ThresholdReveal> reveals) {
        this.roundId = roundId.clone();
        this.serverKeyId = serverKeyId.clone();
        this.serverName = Subject.checkName(serverName);
        this.suite = suite;
        this.threshold = threshold;
        this.deadlineMillis = deadlineMillis;
        this.participants = RoundTranscript.checkParticipants(participants);
        ThresholdOpen.checkThreshold(threshold, participants.size());
        int n = participants.size();
        if (participantKeyIds.size() != n || commitments.size() != n || reveals.size() != n) {
            throw new IllegalArgumentException("one key id, commitment and reveal per participant");
        }
        this.participantKeyIds = participantKeyIds.stream().map(byte[]::clone).toList();
        this.commitments = commitments.stream().map(byte[]::clone).toList();
        this.reveals = List.copyOf(reveals);
        for (ThresholdReveal r : reveals) {
            if (r.suite() != suite || r.threshold() != threshold) {
                throw new IllegalArgumentException("a reveal of another suite or threshold");
            }
        }
        WireWriter w = new WireWriter(256 + n * (140 + (threshold + 2) * suite.elementBytes()))
                .bytes(LABEL).bytes(roundId).bytes(serverKeyId).string(serverName)
                .u8(ThresholdOpen.suiteCode(suite)).u8(threshold).u64(deadlineMillis).count8(n);
        for (int i = 0; i < n; i++) {
            byte[] reveal = reveals.get(i).encode();
            w.string(participants.get(i)).bytes(exact(participantKeyIds.get(i), KeyId.LENGTH))
                    .bytes(exact(commitments.get(i), 32)).u16(reveal.length).bytes(reveal);
        }
        this.encoded = w.toByteArray();
    }

    /** The transcript of a round from its opening, the server that ran it and what it relayed. */
    public static ThresholdTranscript of(ThresholdOpen open, byte[] serverKeyId, String serverName,
                                         List<byte[]> participantKeyIds, List<byte[]> commitments,
                                         List<ThresholdReveal> reveals) {
        return new ThresholdTranscript(open.roundId(), serverKeyId, serverName, open.suite(), open.threshold(),
                open.deadlineMillis(), open.participants(), participantKeyIds, commitments, reveals);
    }

    /** H("dkg threshold commit v1" | round-id | string(name) | reveal body): the T_COMMIT value. */
    public static byte[] commitment(byte[] roundId, String name, byte[] revealBody) {
        return Sha256.of(new WireWriter(128 + revealBody.length).bytes(COMMIT_LABEL).bytes(roundId)
                .string(Subject.checkName(name)).bytes(revealBody).toByteArray());
    }

    public static ThresholdTranscript decode(byte[] bytes) throws WireFormatException {
        WireReader r = new WireReader(bytes);
        if (!Arrays.equals(r.bytes(LABEL.length, "label"), LABEL)) {
            throw new WireFormatException("not a threshold transcript");
        }
        byte[] roundId = r.bytes(RoundTranscript.ROUND_ID_BYTES, "round id");
        byte[] serverKeyId = r.bytes(KeyId.LENGTH, "server key id");
        String serverName = r.string(64, "server name");
        Ciphersuite suite = ThresholdOpen.suiteOf(r.u8("suite"));
        int t = r.u8("threshold");
        long deadline = r.u64("deadline");
        int n = r.count8(2, RoundTranscript.MAX_PARTICIPANTS, "participant");
        List<String> names = new ArrayList<>(n);
        List<byte[]> keyIds = new ArrayList<>(n);
        List<byte[]> commitments = new ArrayList<>(n);
        List<ThresholdReveal> reveals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(r.string(64, "participant name"));
            keyIds.add(r.bytes(KeyId.LENGTH, "participant key id"));
            commitments.add(r.bytes(32, "commitment"));
            reveals.add(ThresholdReveal.decode(suite, t, r.shortBytes(ThresholdMessages.MAX_REVEAL_BYTES, "reveal")));
        }
        r.finish();
        try {
            ThresholdTranscript transcript = new ThresholdTranscript(roundId, serverKeyId, serverName, suite, t, deadline,
                    names, keyIds, commitments, reveals);
            if (!Arrays.equals(transcript.encoded, bytes)) {
                throw new WireFormatException("transcript is not canonical");
            }
            return transcript;
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid transcript: " + e.getMessage());
        }
    }

    public byte[] encode() {
        return encoded.clone();
    }

    public byte[] hash() {
        return Sha256.of(encoded);
    }

    /** First 16 bytes of H("dkg threshold key id v1" | transcript-hash). */
    public byte[] keyId() {
        return Arrays.copyOf(Sha256.of(KEY_ID_LABEL, hash()), KEY_ID_BYTES);
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId());
    }

    /** Σ_i C_i, the commitment of the group polynomial: PK is its constant, Y_j its value at j. */
    public VssCommitment groupCommitment() {
        return VssCommitment.sum(reveals.stream().map(ThresholdReveal::commitment).toList());
    }

    /** PK = Σ_i C_i0. */
    public Element groupKey() {
        return groupCommitment().constant();
    }

    /** Every participant's verification share Y_j = s_j·G, j = 1..n, in participant order. */
    public List<Element> verificationShares() {
        VssCommitment group = groupCommitment();
        List<Element> shares = new ArrayList<>(participants.size());
        for (int j = 1; j <= participants.size(); j++) {
            shares.add(group.evaluate(j));
        }
        return shares;
    }

    public byte[] roundId() {
        return roundId.clone();
    }

    public String roundIdHex() {
        return HexFormat.of().formatHex(roundId);
    }

    public byte[] serverKeyId() {
        return serverKeyId.clone();
    }

    public String serverName() {
        return serverName;
    }

    public Ciphersuite suite() {
        return suite;
    }

    public int threshold() {
        return threshold;
    }

    public long deadlineMillis() {
        return deadlineMillis;
    }

    public List<String> participants() {
        return participants;
    }

    public byte[] participantKeyId(int index) {
        return participantKeyIds.get(index).clone();
    }

    public List<ThresholdReveal> reveals() {
        return reveals;
    }

    private static byte[] exact(byte[] value, int length) {
        if (value.length != length) {
            throw new IllegalArgumentException("expected " + length + " bytes, not " + value.length);
        }
        return value;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
