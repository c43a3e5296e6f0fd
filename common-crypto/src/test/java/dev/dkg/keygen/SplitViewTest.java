package dev.dkg.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.testing.ProtocolVectors;
import dev.dkg.testing.TestPki;
import java.security.PublicKey;
import java.security.SignatureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that shows participants different values (a split view) cannot produce a receipt they accept:
 * carol saw another transcript, so her confirmation signs another hash, and the receipt the server builds
 * from everyone's confirmations fails the check every client runs before keeping its share.
 */
class SplitViewTest {
    private final ProtocolVectors.Vector v = ProtocolVectors.load().all("threshold-round").get(0);
    private final List<Identity> people = List.of(TestPki.identity("alice", Role.KEYGEN_CLIENT),
            TestPki.identity("bob", Role.KEYGEN_CLIENT), TestPki.identity("carol", Role.KEYGEN_CLIENT));
    private final Identity server = TestPki.identity("keygen", Role.KEYGEN_SERVER);

    private ThresholdReceipt receiptWith(ThresholdTranscript transcript, List<byte[]> hashes) throws Exception {
        List<byte[]> confirmations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            confirmations.add(ThresholdConfirmation.sign(hashes.get(i), transcript.groupKey(), people.get(i).privateKey())
                    .signature());
        }
        return ThresholdReceipt.decode(ThresholdReceipt.sign(new ThresholdKeyRecord(Instant.now(), transcript,
                confirmations), server.privateKey()).encode());
    }

    private List<PublicKey> keys() {
        return people.stream().map(Identity::publicKey).toList();
    }

    @Test
    void aReceiptCarryingAConfirmationOfAnotherViewIsRefusedNamingWhoSawIt() throws Exception {
        ThresholdTranscript transcript = ThresholdTranscript.decode(v.hex("transcript"));
        byte[] mine = transcript.hash();
        byte[] carolsView = mine.clone();
        carolsView[0] ^= 1;
        ThresholdReceipt split = receiptWith(transcript, List.of(mine, mine, carolsView));
        split.verify(server.publicKey());
        assertThatThrownBy(() -> split.verifyConfirmations(keys())).isInstanceOf(SignatureException.class)
                .hasMessageContaining("carol");

        ThresholdReceipt agreed = receiptWith(transcript, List.of(mine, mine, mine));
        assertThatCode(() -> agreed.verifyConfirmations(keys())).doesNotThrowAnyException();
        assertThat(Arrays.equals(agreed.transcriptHash(), mine)).isTrue();
    }
}
