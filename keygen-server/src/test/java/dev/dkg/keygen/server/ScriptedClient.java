package dev.dkg.keygen.server;

import dev.dkg.channel.SecureChannel;
import dev.dkg.keygen.CommitmentList;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.RoundOpen;
import dev.dkg.keygen.RoundTranscript;
import java.io.IOException;
import java.security.SecureRandom;

/** A client that speaks the round protocol step by step, so a test can make it misbehave at any point. */
final class ScriptedClient implements AutoCloseable {
    final String name;
    final SecureChannel channel;
    final byte[] contribution = new byte[32];
    RoundOpen open;

    ScriptedClient(KeygenFixture fixture, String name) throws IOException {
        this.name = name;
        this.channel = fixture.connect(KeygenFixture.client(name));
        new SecureRandom().nextBytes(contribution);
    }

    RoundOpen awaitOpen() throws IOException {
        SecureChannel.Message m = channel.receive(KeygenMessages.FROM_SERVER);
        if (m.kind() != KeygenMessages.ROUND_OPEN) {
            throw new AssertionError("expected ROUND_OPEN, got kind " + m.kind());
        }
        open = RoundOpen.decode(m.payload());
        return open;
    }

    void commit() throws IOException {
        channel.send(KeygenMessages.COMMIT, RoundTranscript.commitment(open.roundId(), name, contribution));
    }

    CommitmentList awaitCommitments() throws IOException {
        SecureChannel.Message m = channel.receive(KeygenMessages.FROM_SERVER);
        if (m.kind() != KeygenMessages.COMMITMENTS) {
            throw new AssertionError("expected COMMITMENTS, got kind " + m.kind());
        }
        return CommitmentList.decode(m.payload());
    }

    void reveal(byte[] value) throws IOException {
        channel.send(KeygenMessages.REVEAL, value);
    }

    RoundAborted awaitAbort() throws IOException {
        SecureChannel.Message m = channel.receive(KeygenMessages.FROM_SERVER);
        if (m.kind() != KeygenMessages.ROUND_ABORTED) {
            throw new AssertionError("expected ROUND_ABORTED, got kind " + m.kind());
        }
        return RoundAborted.decode(m.payload());
    }

    @Override
    public void close() {
        channel.close();
    }
}
