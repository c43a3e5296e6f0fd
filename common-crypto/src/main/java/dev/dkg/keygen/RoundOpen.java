package dev.dkg.keygen;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * ROUND_OPEN (server → client): {@code round-id 16B | seed 32B | server-commitment 32B | purpose string |
 * key-length u16 | deadline u64 | count u8 | name string …}. The participant list is fixed here, in ascending
 * order; it is the order contributions enter the key.
 */
public record RoundOpen(byte[] roundId, byte[] seed, byte[] serverCommitment, KeyParameters parameters,
                        long deadlineMillis, List<String> participants) {
    public RoundOpen {
        roundId = roundId.clone();
        seed = seed.clone();
        serverCommitment = serverCommitment.clone();
        participants = RoundTranscript.checkParticipants(participants);
        if (roundId.length != RoundTranscript.ROUND_ID_BYTES || seed.length != RoundTranscript.SEED_BYTES
                || serverCommitment.length != KeygenMessages.VALUE_BYTES) {
            throw new IllegalArgumentException("round id, seed or server commitment has the wrong length");
        }
    }

    @Override
    public byte[] roundId() {
        return roundId.clone();
    }

    @Override
    public byte[] seed() {
        return seed.clone();
    }

    @Override
    public byte[] serverCommitment() {
        return serverCommitment.clone();
    }

    public String roundIdHex() {
        return HexFormat.of().formatHex(roundId);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(160 + 66 * participants.size())
                .bytes(roundId).bytes(seed).bytes(serverCommitment)
                .string(parameters.purpose()).u16(parameters.length()).u64(deadlineMillis)
                .count8(participants.size());
        for (String name : participants) {
            w.string(name);
        }
        return w.toByteArray();
    }

    public static RoundOpen decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] roundId = r.bytes(RoundTranscript.ROUND_ID_BYTES, "round id");
        byte[] seed = r.bytes(RoundTranscript.SEED_BYTES, "seed");
        byte[] commitment = r.bytes(KeygenMessages.VALUE_BYTES, "server commitment");
        String purpose = r.string(32, "purpose");
        int length = r.u16("key length");
        long deadline = r.u64("deadline");
        int count = r.count8(1, RoundTranscript.MAX_PARTICIPANTS, "participant");
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(r.string(64, "participant name"));
        }
        r.finish();
        if (deadline < 0) {
            throw new WireFormatException("deadline out of range");
        }
        try {
            return new RoundOpen(roundId, seed, commitment, new KeyParameters(purpose, length), deadline, names);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid ROUND_OPEN: " + e.getMessage());
        }
    }

    /** The transcript this opening and the given commitments (in participant order) make. */
    public RoundTranscript transcript(byte[] serverKeyId, String serverName, List<byte[]> commitments) {
        return new RoundTranscript(roundId, seed, serverKeyId, serverName, serverCommitment, parameters,
                deadlineMillis, participants, commitments);
    }
}
