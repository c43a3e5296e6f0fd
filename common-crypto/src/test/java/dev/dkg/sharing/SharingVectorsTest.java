package dev.dkg.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.testing.ProtocolVectors;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Secret;
import dev.dkg.vss.Share;
import dev.dkg.wire.WireFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vectors of docs/protocol.md section 12, read from the document. */
class SharingVectorsTest {
    private final ProtocolVectors vectors = ProtocolVectors.load();

    @Test
    void vaultKey() {
        ProtocolVectors.Vector v = vectors.one("vault-key");
        assertThat(VaultKey.derive(Secret.fromBytes(v.hex("secret")), VaultId.fromBytes(v.hex("vault-id"))))
                .isEqualTo(v.hex("vault-key"));
    }

    @Test
    void streamEncryptsToTheVectorAndBack() throws Exception {
        ProtocolVectors.Vector v = vectors.one("stream");
        byte[] label = "dkg vault v1 file".getBytes(StandardCharsets.US_ASCII);
        byte[] context = v.hex("context");
        assertThat(Arrays.copyOf(context, label.length)).isEqualTo(label);
        assertThat(Arrays.copyOfRange(context, label.length, context.length)).isEqualTo(v.hex("vault-id"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkedFileCipher.encrypt(v.hex("key"), context, v.hex("nonce-prefix"),
                new ByteArrayInputStream(v.utf8("plaintext")), out);
        assertThat(out.toByteArray()).isEqualTo(v.hex("stream"));
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        ChunkedFileCipher.decrypt(v.hex("key"), context, new ByteArrayInputStream(v.hex("stream")), back);
        assertThat(back.toByteArray()).isEqualTo(v.utf8("plaintext"));
    }

    /** The last-chunk rule at its edges: a short last chunk after a full one, and a full last chunk. */
    @Test
    void streamChunkVectorsFollowTheLastChunkRule() throws Exception {
        ProtocolVectors.Vector base = vectors.one("stream");
        List<ProtocolVectors.Vector> all = vectors.all("stream-chunks");
        assertThat(all).hasSize(2);
        for (ProtocolVectors.Vector v : all) {
            byte[] plain = new byte[(int) v.number("plaintext-length")];
            for (int i = 0; i < plain.length; i++) {
                plain[i] = (byte) (i % 251);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChunkedFileCipher.encrypt(base.hex("key"), base.hex("context"), base.hex("nonce-prefix"),
                    new ByteArrayInputStream(plain), out);
            byte[] stream = out.toByteArray();
            assertThat((long) stream.length).isEqualTo(v.number("stream-length"));
            assertThat(java.security.MessageDigest.getInstance("SHA-256").digest(stream)).isEqualTo(v.hex("stream-sha256"));
            assertThat(Arrays.copyOfRange(stream, stream.length - 16, stream.length)).isEqualTo(v.hex("last-tag"));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            ChunkedFileCipher.decrypt(base.hex("key"), base.hex("context"), new ByteArrayInputStream(stream), back);
            assertThat(back.toByteArray()).isEqualTo(plain);
        }
    }

    @Test
    void noticeDoneEncodesAndDecodesExactly() throws Exception {
        ProtocolVectors.Vector v = vectors.one("notice-done");
        NoticeDone done = new NoticeDone((int) v.number("kind"), VaultId.fromBytes(v.hex("vault-id")), v.number("epoch"));
        assertThat(done.noticeKind()).isEqualTo(SharingKinds.EPOCH_COMMIT);
        assertThat(done.encode()).isEqualTo(v.hex("body"));
        assertThat(NoticeDone.decode(v.hex("body"))).isEqualTo(done);
        byte[] abort = v.hex("body");
        abort[1] = 0x12;
        assertThatThrownBy(() -> NoticeDone.decode(abort)).isInstanceOf(WireFormatException.class);
        byte[] trailing = Arrays.copyOf(v.hex("body"), v.hex("body").length + 1);
        assertThatThrownBy(() -> NoticeDone.decode(trailing)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void shareOfferEncodesAndDecodesExactly() throws Exception {
        ProtocolVectors.Vector v = vectors.one("share-offer");
        Commitments c = Commitments.fromBytes(v.hex("commitments"));
        Share share = Share.fromBytes(v.hex("share"));
        List<String> holders = List.of(v.text("holders-text").split(","));
        ShareOffer offer = new ShareOffer(VaultId.fromBytes(v.hex("vault-id")), v.number("epoch"), (int) v.number("x"),
                holders, c, share);
        assertThat(offer.encode()).isEqualTo(v.hex("body"));
        ShareOffer decoded = ShareOffer.decode(v.hex("body"));
        assertThat(decoded.holders()).isEqualTo(holders);
        assertThat(decoded.share()).isEqualTo(share);
        c.verify(share);
        byte[] trailing = Arrays.copyOf(v.hex("body"), v.hex("body").length + 1);
        assertThatThrownBy(() -> ShareOffer.decode(trailing)).isInstanceOf(WireFormatException.class);
        byte[] wrongX = v.hex("body");
        wrongX[20] = 3;
        assertThatThrownBy(() -> ShareOffer.decode(wrongX)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("x=3");
        // The secret of the vault-key vector is what this sharing shares: C_0 = s·G.
        assertThat(c.secretCommitment()).isEqualTo(Secret.fromBytes(vectors.one("vault-key").hex("secret")).publicPoint());
    }

    @Test
    void signedStatements() {
        ProtocolVectors.Vector r = vectors.one("receipt-statement");
        assertThat(Statements.receipt(VaultId.fromBytes(r.hex("vault-id")), r.number("epoch"), (int) r.number("x"),
                r.hex("commitments-hash"))).isEqualTo(r.hex("statement"));
        assertThat(Statements.hash(vectors.one("share-offer").hex("commitments"))).isEqualTo(r.hex("commitments-hash"));
        ProtocolVectors.Vector c = vectors.one("collect-statement");
        assertThat(Statements.collect(VaultId.fromBytes(c.hex("vault-id")), c.number("epoch"), c.hex("nonce")))
                .isEqualTo(c.hex("statement"));
        assertThat(new String(c.hex("statement"), 0, 22, StandardCharsets.US_ASCII)).isEqualTo("dkg collect request v1");
    }
}
