package dev.dkg.keygen.server;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.keygen.KeyParameters;
import dev.dkg.keygen.ThresholdOpen;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.pki.Subject;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * Who takes part in a round and how it runs: either the first {@code participantCount} clients to connect or
 * exactly the {@code names} listed; the key's parameters; how long a round may take from opening to the last
 * reveal; after how many stored keys the server stops (0: never); and, for threshold rounds (section 15),
 * the threshold t (0: an ordinary round) and the ciphersuite.
 */
record RoundPolicy(int participantCount, List<String> names, KeyParameters parameters, Duration roundTimeout,
                   int rounds, int threshold, Ciphersuite suite) {
    /** Ordinary commit-reveal rounds (no threshold). */
    RoundPolicy(int participantCount, List<String> names, KeyParameters parameters, Duration roundTimeout, int rounds) {
        this(participantCount, names, parameters, roundTimeout, rounds, 0, null);
    }

    RoundPolicy {
        names = names == null ? List.of() : List.copyOf(new TreeSet<>(names));
        if (!names.isEmpty()) {
            names.forEach(Subject::checkName);
            participantCount = names.size();
        }
        if (participantCount < 1 || participantCount > RoundTranscript.MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("a round needs 1 to " + RoundTranscript.MAX_PARTICIPANTS
                    + " participants, not " + participantCount);
        }
        if (roundTimeout.isNegative() || roundTimeout.isZero()) {
            throw new IllegalArgumentException("round timeout must be positive");
        }
        if (threshold != 0) {
            ThresholdOpen.checkThreshold(threshold, participantCount);
            if (suite == null) {
                throw new IllegalArgumentException("a threshold round needs a ciphersuite");
            }
        }
        if (rounds < 0) {
            throw new IllegalArgumentException("rounds must not be negative");
        }
    }

    /** True if the participants are named rather than the first to connect. */
    boolean named() {
        return !names.isEmpty();
    }
}
