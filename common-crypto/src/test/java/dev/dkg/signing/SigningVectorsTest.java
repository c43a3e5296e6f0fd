package dev.dkg.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Element;
import dev.dkg.frost.Frost;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.frost.SecretShare;
import dev.dkg.frost.SignatureShare;
import dev.dkg.frost.SigningCommitment;
import dev.dkg.frost.VerificationException;
import dev.dkg.testing.ProtocolVectors;
import dev.dkg.wire.WireFormatException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/protocol.md 16.4: every signing message of the vector session, rebuilt from its inputs, byte for byte. */
class SigningVectorsTest {
    private static final Ciphersuite SUITE = Ciphersuite.ED25519;
    private final ProtocolVectors.Vector v = ProtocolVectors.load().one("frost-signing-ed25519");
    private final byte[] session = v.hex("session-id");
    private final byte[] keyId = v.hex("key-id");
    private final byte[] message = v.hex("message");
    private final List<String> signers = List.of(v.text("signers-text").split(" "));

    private ShareRequest.Entry entry(int id) {
        return new ShareRequest.Entry(id, v.hex("hiding-commitment-" + id), v.hex("binding-commitment-" + id));
    }

    @Test
    void everyMessageIsRebuiltByteForByteAndDecodesBack() throws WireFormatException {
        SignRequest request = new SignRequest(keyId, v.number("wait"), signers, message);
        assertThat(request.encode()).isEqualTo(v.hex("sign-request"));
        assertThat(SignRequest.decode(v.hex("sign-request")).signers()).isEqualTo(signers);

        CommitRequest commit = new CommitRequest(session, keyId, v.text("requester-text"), List.of(1, 3), message);
        assertThat(commit.encode()).isEqualTo(v.hex("commit-request"));
        assertThat(CommitRequest.decode(v.hex("commit-request")).identifiers()).containsExactly(1, 3);

        NonceCommitment c = new NonceCommitment(session, v.hex("hiding-commitment-1"), v.hex("binding-commitment-1"));
        assertThat(c.encode()).isEqualTo(v.hex("commitment-1"));
        assertThat(NonceCommitment.decode(v.hex("commitment-1"), SUITE.elementBytes()).hiding())
                .isEqualTo(v.hex("hiding-commitment-1"));

        ShareRequest shareRequest = new ShareRequest(session, List.of(entry(1), entry(3)), message);
        assertThat(shareRequest.encode()).isEqualTo(v.hex("share-request"));
        assertThat(ShareRequest.decode(v.hex("share-request"), SUITE.elementBytes()).identifiers()).containsExactly(1, 3);

        assertThat(new ShareReply(session, v.hex("signature-share-1")).encode()).isEqualTo(v.hex("signature-share-message-1"));

        byte[] spki = new GroupPublicKey(SUITE.deserializeElement(v.hex("group-public-key"))).toSubjectPublicKeyInfo();
        SignResult result = new SignResult(SigningOutcome.SIGNED, keyId, signers, v.hex("signature"), spki);
        assertThat(result.encode()).isEqualTo(v.hex("sign-result"));
        assertThat(SignResult.decode(v.hex("sign-result")).signature()).isEqualTo(v.hex("signature"));

        assertThat(new SessionEnded(session, SigningOutcome.BAD_SHARE, List.of("carol")).encode())
                .isEqualTo(v.hex("session-ended-bad-share"));
    }

    @Test
    void theSharesVerifyAgainstTheHoldersVerificationSharesAndTheSignatureUnderTheGroupKey() throws Exception {
        Frost frost = new Frost(SUITE);
        Element groupKey = SUITE.deserializeElement(v.hex("group-public-key"));
        List<SigningCommitment> list = List.of(commitment(1), commitment(3));
        for (int id : List.of(1, 3)) {
            Element verificationShare = SecretShare.fromBytes(SUITE, id, v.hex("share-" + id)).verificationShare();
            frost.verifySignatureShare(SignatureShare.fromBytes(SUITE, id, v.hex("signature-share-" + id)),
                    verificationShare, list, groupKey, message);
        }
        SignatureFile.verify(new GroupPublicKey(groupKey), message, v.hex("signature"));
        byte[] tampered = v.hex("signature");
        tampered[40] ^= 1;
        assertThatThrownBy(() -> SignatureFile.verify(new GroupPublicKey(groupKey), message, tampered))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void decodersRejectTruncatedTrailingAndNonCanonicalMessages() {
        byte[] request = v.hex("share-request");
        assertThatThrownBy(() -> ShareRequest.decode(Arrays.copyOf(request, request.length - 1), 32))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> ShareRequest.decode(Arrays.copyOf(request, request.length + 1), 32))
                .isInstanceOf(WireFormatException.class);
        // identifiers out of order: swap the two entries
        byte[] swapped = new ShareRequest(session, List.of(entry(1), entry(3)), message).encode();
        swapped[17 + 1] = 3;
        swapped[17 + 66 + 1] = 1;
        assertThatThrownBy(() -> ShareRequest.decode(swapped, 32)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("ascending");
        byte[] result = v.hex("sign-result");
        result[0] = 1; // a failed outcome may not carry a signature
        assertThatThrownBy(() -> SignResult.decode(result)).isInstanceOf(WireFormatException.class);
        byte[] twice = new SignRequest(keyId, 0, List.of("alice", "carol"), message).encode();
        byte[] carol = "carol".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(carol, 0, twice, 16 + 4 + 1 + 2 + 2, 5); // "carol" twice
        twice[16 + 4 + 1 + 1] = 5;
        assertThatThrownBy(() -> SignRequest.decode(twice)).isInstanceOf(WireFormatException.class);
    }

    private SigningCommitment commitment(int id) {
        return new SigningCommitment(id, SUITE.deserializeElement(v.hex("hiding-commitment-" + id)),
                SUITE.deserializeElement(v.hex("binding-commitment-" + id)));
    }
}
