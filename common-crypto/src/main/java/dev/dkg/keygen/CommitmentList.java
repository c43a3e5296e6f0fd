package dev.dkg.keygen;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * COMMITMENTS (server → client): {@code count u8 | (name string | commitment 32B) …} in participant order.
 * Sent only once every participant has committed; a client reveals only after checking it.
 */
public record CommitmentList(List<String> participants, List<byte[]> commitments) {
    public CommitmentList {
        participants = RoundTranscript.checkParticipants(participants);
        if (commitments.size() != participants.size()) {
            throw new IllegalArgumentException("one commitment per participant");
        }
        List<byte[]> copies = new ArrayList<>();
        for (byte[] c : commitments) {
            if (c.length != KeygenMessages.VALUE_BYTES) {
                throw new IllegalArgumentException("a commitment is 32 bytes");
            }
            copies.add(c.clone());
        }
        commitments = List.copyOf(copies);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(8 + 100 * participants.size()).count8(participants.size());
        for (int i = 0; i < participants.size(); i++) {
            w.string(participants.get(i)).bytes(commitments.get(i));
        }
        return w.toByteArray();
    }

    public static CommitmentList decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        int count = r.count8(1, RoundTranscript.MAX_PARTICIPANTS, "commitment");
        List<String> names = new ArrayList<>(count);
        List<byte[]> commitments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(r.string(64, "participant name"));
            commitments.add(r.bytes(KeygenMessages.VALUE_BYTES, "commitment"));
        }
        r.finish();
        try {
            return new CommitmentList(names, commitments);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid COMMITMENTS: " + e.getMessage());
        }
    }
}
