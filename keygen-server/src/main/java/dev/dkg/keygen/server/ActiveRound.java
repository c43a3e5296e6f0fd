package dev.dkg.keygen.server;

import dev.dkg.channel.SecureChannel;
import dev.dkg.keygen.RoundAborted;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A running round as the coordinator drives it: an ordinary commit-reveal {@link Round} or a
 * {@link ThresholdRound}. The coordinator feeds it each participant's messages and lost connections.
 */
interface ActiveRound {
    /** Sends the opening message to every participant and starts the deadline clock. */
    void start();

    String roundId();

    /** The participants' names, in participant order. */
    List<String> names();

    /** The kinds a participant may send in this kind of round. */
    Set<Integer> acceptedKinds();

    /** One message from {@code p}; malformed or misplaced ones abort the round naming {@code p}. */
    void onMessage(Participant p, SecureChannel.Message message);

    /** The participant's connection ended or failed; mid-round that aborts the round. */
    void onConnectionLost(Participant p, RoundAborted.Reason reason, String detail);

    /** Completes when the round has stored a key or aborted. */
    CompletableFuture<Round.Outcome> outcome();
}
