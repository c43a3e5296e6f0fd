package dev.dkg.keygen;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * T_OPEN (server → client): {@code round-id 16B | suite u8 | threshold u8 | deadline u64 | count u8 |
 * (string(name) | certificate bytes32) …}, participants in ascending order. A participant's identifier is its
 * 1-based position in that order; its certificate (DER, issued by the CA, role keygen-client, CN = name) is
 * the key every other participant seals its share to and checks its signatures with.
 */
public record ThresholdOpen(byte[] roundId, Ciphersuite suite, int threshold, long deadlineMillis,
                            List<String> participants, List<byte[]> certificates) {
    /** DER certificates are at most 16 384 bytes (section 4.1). */
    public static final int MAX_CERTIFICATE_BYTES = 16_384;

    public ThresholdOpen {
        roundId = roundId.clone();
        if (roundId.length != RoundTranscript.ROUND_ID_BYTES) {
            throw new IllegalArgumentException("round id must be 16 bytes");
        }
        participants = RoundTranscript.checkParticipants(participants);
        certificates = certificates.stream().map(byte[]::clone).toList();
        if (certificates.size() != participants.size()) {
            throw new IllegalArgumentException("one certificate per participant");
        }
        checkThreshold(threshold, participants.size());
        if (deadlineMillis < 0) {
            throw new IllegalArgumentException("deadline out of range");
        }
    }

    /** 2 ≤ t ≤ n. */
    public static void checkThreshold(int threshold, int participants) {
        if (threshold < 2 || threshold > participants) {
            throw new IllegalArgumentException("the threshold must be 2 to " + participants + " (the number of "
                    + "participants), not " + threshold);
        }
    }

    /** The suite's code on the wire: 1 Ed25519, 2 secp256k1, 3 P-256. */
    public static int suiteCode(Ciphersuite suite) {
        return switch (suite) {
            case ED25519 -> 1;
            case SECP256K1 -> 2;
            case P256 -> 3;
        };
    }

    public static Ciphersuite suiteOf(int code) throws WireFormatException {
        return switch (code) {
            case 1 -> Ciphersuite.ED25519;
            case 2 -> Ciphersuite.SECP256K1;
            case 3 -> Ciphersuite.P256;
            default -> throw new WireFormatException("unknown ciphersuite " + code);
        };
    }

    @Override
    public byte[] roundId() {
        return roundId.clone();
    }

    public String roundIdHex() {
        return HexFormat.of().formatHex(roundId);
    }

    public int count() {
        return participants.size();
    }

    /** The 1-based identifier of {@code name}, or 0 if it is not a participant. */
    public int identifierOf(String name) {
        return participants.indexOf(name) + 1;
    }

    public String nameOf(int identifier) {
        return participants.get(identifier - 1);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(64 + certificates.stream().mapToInt(c -> c.length + 70).sum())
                .bytes(roundId).u8(suiteCode(suite)).u8(threshold).u64(deadlineMillis).count8(participants.size());
        for (int i = 0; i < participants.size(); i++) {
            w.string(participants.get(i)).varBytes(certificates.get(i));
        }
        return w.toByteArray();
    }

    public static ThresholdOpen decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] roundId = r.bytes(RoundTranscript.ROUND_ID_BYTES, "round id");
        Ciphersuite suite = suiteOf(r.u8("suite"));
        int threshold = r.u8("threshold");
        long deadline = r.u64("deadline");
        int count = r.count8(2, RoundTranscript.MAX_PARTICIPANTS, "participant");
        List<String> names = new ArrayList<>(count);
        List<byte[]> certificates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(r.string(64, "participant name"));
            byte[] der = r.varBytes(MAX_CERTIFICATE_BYTES, "certificate");
            if (der.length == 0) {
                throw new WireFormatException("empty certificate");
            }
            certificates.add(der);
        }
        r.finish();
        try {
            return new ThresholdOpen(roundId, suite, threshold, deadline, names, certificates);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid T_OPEN: " + e.getMessage());
        }
    }
}
