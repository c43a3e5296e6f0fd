package dev.dkg.keygen.server;

import dev.dkg.channel.SecureChannel;

/**
 * One authenticated client connection admitted to the lobby or to a round: its certificate name, its channel,
 * and (once it has one) the round it belongs to.
 */
final class Participant {
    private final SecureChannel channel;
    private volatile ActiveRound round;

    Participant(SecureChannel channel) {
        this.channel = channel;
    }

    String name() {
        return channel.peer().name();
    }

    SecureChannel channel() {
        return channel;
    }

    /** The round this participant was placed in, or null while it waits in the lobby. */
    ActiveRound round() {
        return round;
    }

    void joinRound(ActiveRound r) {
        round = r;
    }

    @Override
    public String toString() {
        return name();
    }
}
