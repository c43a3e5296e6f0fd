package dev.dkg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.testing.FixedRandom;
import dev.dkg.testing.ProtocolVectors;
import dev.dkg.wire.WireWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key id, HKDF, AES-GCM and envelope vectors of docs/protocol.md. */
class CryptoVectorsTest {
    private final ProtocolVectors doc = ProtocolVectors.load();

    @Test
    void keyIdsMatchTheDocument() {
        for (ProtocolVectors.Vector v : doc.all("key-id")) {
            PublicKey key = doc.key(v.text("key")).getPublic();
            assertThat(key.getEncoded()).as(v.text("key")).isEqualTo(v.hex("spki"));
            assertThat(KeyId.of(key).bytes()).as(v.text("key")).isEqualTo(v.hex("key-id"));
        }
    }

    @Test
    void hkdfMatchesTheDocument() {
        ProtocolVectors.Vector v = doc.one("hkdf");
        assertThat(Hkdf.derive(v.utf8("salt"), v.hex("ikm"), v.utf8("info"), (int) v.number("length")))
                .isEqualTo(v.hex("okm"));
    }

    @Test
    void aesGcmBodyMatchesTheDocument() throws GeneralSecurityException {
        ProtocolVectors.Vector v = doc.one("aes-gcm-body");
        byte[] ciphertext = AesGcm.encrypt(v.hex("key"), v.hex("nonce"), v.utf8("plaintext"), v.utf8("aad"));
        byte[] body = new WireWriter().u32(12L + ciphertext.length).bytes(v.hex("nonce")).bytes(ciphertext).toByteArray();
        assertThat(body).isEqualTo(v.hex("body"));
        assertThat(AesGcm.decrypt(v.hex("key"), v.hex("nonce"), ciphertext, v.utf8("aad")))
                .isEqualTo(v.utf8("plaintext"));
    }

    @Test
    void envelopeSealedWithTheDocumentsRandomnessIsByteForByteTheVector() throws GeneralSecurityException {
        ProtocolVectors.Vector v = doc.one("envelope");
        KeyPair sender = doc.key(v.text("sender"));
        List<KeyPair> recipients = Arrays.stream(v.text("recipients").split(" ")).map(doc::key).toList();
        FixedRandom random = new FixedRandom(v.hex("random-aes-key"), v.hex("random-nonce"),
                v.hex("random-oaep-seed-0"), v.hex("random-oaep-seed-1"), v.hex("random-pss-salt"));

        byte[] sealed = Envelope.seal((int) v.number("kind"), v.hex("session-id"), v.number("sequence"),
                sender.getPrivate(), sender.getPublic(), recipients.stream().map(KeyPair::getPublic).toList(),
                v.utf8("plaintext"), random);

        assertThat(random.remaining()).isZero();
        assertThat(sealed).isEqualTo(v.hex("envelope"));
        byte[] header = doc.one("envelope-header").hex("header");
        assertThat(Arrays.copyOf(sealed, header.length)).isEqualTo(header);
        for (KeyPair me : recipients) {
            Envelope.Opened opened = Envelope.open(sealed, Envelope.Expect.of(v.hex("session-id"), v.number("sequence")),
                    me.getPrivate(), me.getPublic(), sender.getPublic());
            assertThat(opened.plaintext()).isEqualTo(v.utf8("plaintext"));
            assertThat(opened.kind()).isEqualTo(v.number("kind"));
        }
    }

    @Test
    void envelopePartsAreWhereTheDocumentSays() {
        ProtocolVectors.Vector v = doc.one("envelope");
        byte[] header = doc.one("envelope-header").hex("header");
        byte[] w0 = v.hex("wrapped-key-0");
        byte[] w1 = v.hex("wrapped-key-1");
        byte[] expected = new WireWriter().bytes(header).u16(w0.length).bytes(w0).u16(w1.length).bytes(w1)
                .bytes(v.hex("body")).u16(v.hex("signature").length).bytes(v.hex("signature")).toByteArray();
        assertThat(expected).isEqualTo(v.hex("envelope"));
    }
}
