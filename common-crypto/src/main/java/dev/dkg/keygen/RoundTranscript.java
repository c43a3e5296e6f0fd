package dev.dkg.keygen;

import dev.dkg.crypto.Sha256;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.KeyId;
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
 * The public record of one key-generation round: who ran it (server key id and name), its id, seed,
 * parameters and deadline, the server's commitment and every participant's commitment in participant order.
 * Its hash salts the key derivation and names the key, so everyone who saw the same round computes the same
 * hash, and any difference in any field gives a different key.
 *
 * <p>Guarantee: the encoding is canonical (participants strictly ascending, so unique; every field fixed
 * length or length-prefixed) and {@link #decode} accepts exactly what {@link #encode} produces. The
 * transcript holds no secret: contributions are bound through their commitments only.
 */
public final class RoundTranscript {
    public static final int ROUND_ID_BYTES = 16;
    public static final int SEED_BYTES = 32;
    public static final int MAX_PARTICIPANTS = 255;
    private static final byte[] LABEL = ascii("dkg transcript v1");
    private static final byte[] COMMIT_LABEL = ascii("dkg commit v1");

    private final byte[] roundId;
    private final byte[] seed;
    private final byte[] serverKeyId;
    private final String serverName;
    private final byte[] serverCommitment;
    private final KeyParameters parameters;
    private final long deadlineMillis;
    private final List<String> participants;
    private final List<byte[]> commitments;

    /** Checks every field; throws IllegalArgumentException naming the first that is wrong. */
    public RoundTranscript(byte[] roundId, byte[] seed, byte[] serverKeyId, String serverName, byte[] serverCommitment,
                           KeyParameters parameters, long deadlineMillis, List<String> participants,
                           List<byte[]> commitments) {
        this.roundId = exact(roundId, ROUND_ID_BYTES, "round id");
        this.seed = exact(seed, SEED_BYTES, "seed");
        this.serverKeyId = exact(serverKeyId, KeyId.LENGTH, "server key id");
        this.serverName = Subject.checkName(serverName);
        this.serverCommitment = exact(serverCommitment, KeygenMessages.VALUE_BYTES, "server commitment");
        if (parameters == null) {
            throw new IllegalArgumentException("key parameters are required");
        }
        this.parameters = parameters;
        if (deadlineMillis < 0) {
            throw new IllegalArgumentException("deadline must not be negative");
        }
        this.deadlineMillis = deadlineMillis;
        this.participants = checkParticipants(participants);
        if (commitments.size() != participants.size()) {
            throw new IllegalArgumentException(commitments.size() + " commitments for " + participants.size()
                    + " participants");
        }
        List<byte[]> copies = new ArrayList<>(commitments.size());
        for (byte[] c : commitments) {
            copies.add(exact(c, KeygenMessages.VALUE_BYTES, "commitment"));
        }
        this.commitments = List.copyOf(copies);
    }

    /**
     * Returns {@code names} if it is a valid participant list: 1 to 255 well-formed names in strictly
     * ascending order (their ASCII bytes compared), which is the order contributions enter the key.
     */
    public static List<String> checkParticipants(List<String> names) {
        if (names == null || names.isEmpty() || names.size() > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("a round needs 1 to " + MAX_PARTICIPANTS + " participants");
        }
        for (int i = 0; i < names.size(); i++) {
            Subject.checkName(names.get(i));
            if (i > 0 && names.get(i - 1).compareTo(names.get(i)) >= 0) {
                throw new IllegalArgumentException("participants must be listed once each in ascending order: '"
                        + names.get(i - 1) + "' before '" + names.get(i) + "'");
            }
        }
        return List.copyOf(names);
    }

    /** H("dkg commit v1" | round id | string(name) | value): what a party commits to before revealing. */
    public static byte[] commitment(byte[] roundId, String name, byte[] value) {
        exact(roundId, ROUND_ID_BYTES, "round id");
        exact(value, KeygenMessages.VALUE_BYTES, "committed value");
        WireWriter w = new WireWriter(128).bytes(COMMIT_LABEL).bytes(roundId).string(Subject.checkName(name)).bytes(value);
        try {
            return Sha256.of(w.toByteArray());
        } finally {
            w.wipe();
        }
    }

    /** The canonical encoding, starting with the ASCII label "dkg transcript v1". */
    public byte[] encode() {
        WireWriter w = new WireWriter(256 + 100 * participants.size())
                .bytes(LABEL).bytes(roundId).bytes(seed).bytes(serverKeyId).string(serverName).bytes(serverCommitment)
                .string(parameters.purpose()).u16(parameters.length()).u64(deadlineMillis)
                .count8(participants.size());
        for (int i = 0; i < participants.size(); i++) {
            w.string(participants.get(i)).bytes(commitments.get(i));
        }
        return w.toByteArray();
    }

    /** Decodes exactly what {@link #encode} writes; anything else is a {@link WireFormatException}. */
    public static RoundTranscript decode(byte[] encoded) throws WireFormatException {
        WireReader r = new WireReader(encoded);
        if (!Arrays.equals(r.bytes(LABEL.length, "transcript label"), LABEL)) {
            throw new WireFormatException("not a round transcript (wrong label)");
        }
        byte[] roundId = r.bytes(ROUND_ID_BYTES, "round id");
        byte[] seed = r.bytes(SEED_BYTES, "seed");
        byte[] serverKeyId = r.bytes(KeyId.LENGTH, "server key id");
        String serverName = r.string(64, "server name");
        byte[] serverCommitment = r.bytes(KeygenMessages.VALUE_BYTES, "server commitment");
        String purpose = r.string(32, "purpose");
        int length = r.u16("key length");
        long deadline = r.u64("deadline");
        int count = r.count8(1, MAX_PARTICIPANTS, "participant");
        List<String> names = new ArrayList<>(count);
        List<byte[]> commitments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(r.string(64, "participant name"));
            commitments.add(r.bytes(KeygenMessages.VALUE_BYTES, "commitment"));
        }
        r.finish();
        try {
            return new RoundTranscript(roundId, seed, serverKeyId, serverName, serverCommitment,
                    new KeyParameters(purpose, length), deadline, names, commitments);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid transcript: " + e.getMessage());
        }
    }

    /** H(encode()): the salt of the key derivation and the source of the key id. */
    public byte[] hash() {
        return Sha256.of(encode());
    }

    public byte[] roundId() {
        return roundId.clone();
    }

    /** The round id as 32 hex digits. */
    public String roundIdHex() {
        return HexFormat.of().formatHex(roundId);
    }

    public byte[] seed() {
        return seed.clone();
    }

    public byte[] serverKeyId() {
        return serverKeyId.clone();
    }

    public String serverName() {
        return serverName;
    }

    public byte[] serverCommitment() {
        return serverCommitment.clone();
    }

    public KeyParameters parameters() {
        return parameters;
    }

    public long deadlineMillis() {
        return deadlineMillis;
    }

    public List<String> participants() {
        return participants;
    }

    /** The commitment of the participant at {@code index} of {@link #participants()}. */
    public byte[] commitment(int index) {
        return commitments.get(index).clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoundTranscript t && Arrays.equals(encode(), t.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "RoundTranscript[round " + roundIdHex() + ", " + parameters + ", participants " + participants + "]";
    }


    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] exact(byte[] value, int length, String what) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
        return value.clone();
    }
}
