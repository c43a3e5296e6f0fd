package dev.dkg.keygen;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * ROUND_ABORTED (server → client): {@code round-id 16B | reason u8 | count u8 | culprit string …}. The round
 * ended without a key; no key is ever derived from the remaining participants.
 */
public record RoundAborted(byte[] roundId, Reason reason, List<String> culprits) {
    /** Why a round was aborted; the u8 code is on the wire. */
    public enum Reason {
        NO_COMMITMENT(1, "did not commit before the deadline"),
        NO_REVEAL(2, "did not reveal before the deadline"),
        MISMATCHING_REVEAL(3, "revealed a value that does not match its commitment"),
        DISCONNECTED(4, "disconnected during the round"),
        PROTOCOL_VIOLATION(5, "broke the protocol"),
        SERVER_FAILURE(6, "the server could not store the key"),
        BAD_PROOF(7, "revealed invalid commitments or an invalid proof of knowledge"),
        MISSING_SHARES(8, "did not send a valid share envelope to every participant"),
        BAD_SHARE(9, "sent a share inconsistent with its commitments (proven by the complaint's evidence)"),
        FALSE_COMPLAINT(10, "complained about a share that is correct, or with evidence that does not hold"),
        UNOPENABLE_SHARE(11, "disputed a share envelope that does not open (sender or complainant is lying)"),
        NO_CONFIRMATION(12, "did not confirm before the deadline"),
        WRONG_CONFIRMATION(13, "confirmed another transcript or group key");

        private final int code;
        private final String description;

        Reason(int code, String description) {
            this.code = code;
            this.description = description;
        }

        public int code() {
            return code;
        }

        public String description() {
            return description;
        }

        static Reason of(int code) throws WireFormatException {
            for (Reason r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            throw new WireFormatException("unknown abort reason " + code);
        }
    }

    public RoundAborted {
        roundId = roundId.clone();
        if (roundId.length != RoundTranscript.ROUND_ID_BYTES) {
            throw new IllegalArgumentException("round id must be 16 bytes");
        }
        culprits = List.copyOf(culprits);
        if (culprits.size() > RoundTranscript.MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("too many culprits");
        }
    }

    @Override
    public byte[] roundId() {
        return roundId.clone();
    }

    /** One line for people: "bob did not reveal before the deadline". */
    public String describe() {
        return (culprits.isEmpty() ? "" : String.join(", ", culprits) + " ") + reason.description();
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(32 + 66 * culprits.size()).bytes(roundId).u8(reason.code())
                .count8(culprits.size());
        for (String c : culprits) {
            w.string(c);
        }
        return w.toByteArray();
    }

    public static RoundAborted decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] roundId = r.bytes(RoundTranscript.ROUND_ID_BYTES, "round id");
        Reason reason = Reason.of(r.u8("reason"));
        int count = r.count8(0, RoundTranscript.MAX_PARTICIPANTS, "culprit");
        List<String> culprits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            culprits.add(r.string(64, "culprit"));
        }
        r.finish();
        return new RoundAborted(roundId, reason, culprits);
    }

    @Override
    public String toString() {
        return "RoundAborted[" + HexFormat.of().formatHex(roundId) + ": " + describe() + "]";
    }
}
