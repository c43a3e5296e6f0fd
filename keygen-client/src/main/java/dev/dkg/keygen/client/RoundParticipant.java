package dev.dkg.keygen.client;

import dev.dkg.channel.SecureChannel;
import dev.dkg.crypto.Secrets;
import dev.dkg.keygen.CommitmentList;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.Receipt;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.RoundOpen;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of one round on an authenticated channel to the keygen server: waits for ROUND_OPEN,
 * commits to its contribution, reveals it only after the server has shown every participant's commitment
 * (its own among them, unchanged), and checks the signed receipt against the round it saw.
 *
 * <p>Guarantees: the contribution is revealed only after the full commitment list arrived, so no other
 * participant's commitment can depend on it; a receipt is returned only if the server signed it and it names
 * the round, participants, parameters and transcript hash this client computed itself. Anything else from
 * the server is a {@link GeneralSecurityException}; an abort is a {@link RoundAbortedException}.
 */
public final class RoundParticipant {
    private static final Logger log = LoggerFactory.getLogger(RoundParticipant.class);
    /** Extra patience past the round deadline for the server to store the key and send the receipt. */
    static final Duration RECEIPT_GRACE = Duration.ofSeconds(30);

    private RoundParticipant() {}

    /**
     * Takes part, as {@code myName} (this client's certificate name), in the next round the server opens on
     * {@code channel}. {@code phraseHash} is {@link ContributionKey#phraseHash} of the user's phrase, or
     * {@link ContributionKey#NO_PHRASE}.
     */
    public static Receipt participate(SecureChannel channel, String myName, ContributionKey key, byte[] phraseHash,
                                      SecureRandom random)
            throws IOException, GeneralSecurityException, RoundAbortedException {
        return participate(channel, receive(channel, KeygenMessages.ROUND_OPEN, null), myName, key, phraseHash, random);
    }

    /** As above, with the ROUND_OPEN message already received. */
    public static Receipt participate(SecureChannel channel, SecureChannel.Message first, String myName,
                                      ContributionKey key, byte[] phraseHash, SecureRandom random)
            throws IOException, GeneralSecurityException, RoundAbortedException {
        RoundOpen open = decode(channel, () -> RoundOpen.decode(first.payload()));
        if (!open.participants().contains(myName)) {
            throw refuse(channel, "the server opened round " + open.roundIdHex() + " without this client");
        }
        log.info("round {} opened by {} with {}", open.roundIdHex(), channel.peer().name(), String.join(" ", open.participants()));
        long wait = open.deadlineMillis() - System.currentTimeMillis() + RECEIPT_GRACE.toMillis();
        channel.setReadTimeout(Duration.ofMillis(Math.max(1000, wait)));

        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        byte[] contribution = key.contribute(open.roundId(), open.seed(), fresh, phraseHash);
        try {
            byte[] commitment = RoundTranscript.commitment(open.roundId(), myName, contribution);
            channel.send(KeygenMessages.COMMIT, commitment);

            SecureChannel.Message listMessage = receive(channel, KeygenMessages.COMMITMENTS, open);
            CommitmentList list = decode(channel, () -> CommitmentList.decode(listMessage.payload()));
            if (!list.participants().equals(open.participants())) {
                throw refuse(channel, "commitment list names other participants than the round");
            }
            int mine = list.participants().indexOf(myName);
            if (!MessageDigest.isEqual(list.commitments().get(mine), commitment)) {
                throw refuse(channel, "commitment list carries another commitment for this client");
            }
            channel.send(KeygenMessages.REVEAL, contribution);
            Secrets.wipe(contribution, fresh);

            SecureChannel.Message receiptMessage = receive(channel, KeygenMessages.RECEIPT, open);
            Receipt receipt = decode(channel, () -> Receipt.decode(receiptMessage.payload()));
            receipt.verify(channel.peer().publicKey());
            RoundTranscript transcript = open.transcript(channel.peer().keyId().bytes(), channel.peer().name(),
                    list.commitments());
            if (!Arrays.equals(receipt.roundId(), open.roundId())
                    || !MessageDigest.isEqual(receipt.transcriptHash(), transcript.hash())
                    || !receipt.participants().equals(open.participants())
                    || !receipt.parameters().equals(open.parameters())) {
                throw refuse(channel, "receipt does not describe the round this client took part in");
            }
            return receipt;
        } finally {
            Secrets.wipe(contribution, fresh);
        }
    }

    /** The next message, which must be {@code expected} or ROUND_ABORTED (then thrown). */
    private static SecureChannel.Message receive(SecureChannel channel, int expected, RoundOpen open)
            throws IOException, GeneralSecurityException, RoundAbortedException {
        SecureChannel.Message m = channel.receive(KeygenMessages.FROM_SERVER);
        if (m.kind() == KeygenMessages.ROUND_ABORTED) {
            RoundAborted aborted = decode(channel, () -> RoundAborted.decode(m.payload()));
            if (open != null && !Arrays.equals(aborted.roundId(), open.roundId())) {
                throw refuse(channel, "abort names another round");
            }
            throw new RoundAbortedException(aborted);
        }
        if (m.kind() != expected) {
            throw refuse(channel, String.format("message kind 0x%04x where 0x%04x was expected", m.kind(), expected));
        }
        return m;
    }

    private interface Decoder<T> {
        T decode() throws WireFormatException;
    }

    private static <T> T decode(SecureChannel channel, Decoder<T> decoder) throws GeneralSecurityException {
        try {
            return decoder.decode();
        } catch (WireFormatException e) {
            throw refuse(channel, "malformed message from the server: " + e.getMessage());
        }
    }

    private static GeneralSecurityException refuse(SecureChannel channel, String reason) {
        channel.reject(ErrorCode.PROTOCOL, reason);
        return new GeneralSecurityException("server " + channel.peer().name() + ": " + reason);
    }
}
