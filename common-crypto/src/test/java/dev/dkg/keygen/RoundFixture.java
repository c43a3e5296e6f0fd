package dev.dkg.keygen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A fixed round with deterministic values, for derivation and codec tests. */
final class RoundFixture {
    static final List<String> NAMES = List.of("alice", "bob", "carol");
    static final KeyParameters PARAMETERS = new KeyParameters("otp", 32);
    static final long DEADLINE = 1_700_000_060_000L;

    private RoundFixture() {}

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] roundId() {
        return filled(16, 0x11);
    }

    static byte[] serverContribution() {
        return filled(32, 0x55);
    }

    static List<byte[]> contributions() {
        return List.of(filled(32, 0xa1), filled(32, 0xb2), filled(32, 0xc3));
    }

    static RoundTranscript transcript(List<String> names, List<byte[]> contributions, KeyParameters parameters) {
        List<byte[]> commitments = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            commitments.add(RoundTranscript.commitment(roundId(), names.get(i), contributions.get(i)));
        }
        return new RoundTranscript(roundId(), filled(32, 0x22), filled(32, 0x33), "keygen",
                RoundTranscript.commitment(roundId(), "keygen", serverContribution()), parameters, DEADLINE, names,
                commitments);
    }

    static RoundTranscript transcript() {
        return transcript(NAMES, contributions(), PARAMETERS);
    }
}
