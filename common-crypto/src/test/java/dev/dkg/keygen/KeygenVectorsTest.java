package dev.dkg.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.otp.Base32;
import dev.dkg.testing.ProtocolVectors;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key-generation vectors of docs/protocol.md section 12.4, read from the document. */
class KeygenVectorsTest {
    private final ProtocolVectors.Vector v = ProtocolVectors.load().one("keygen-round");
    private final List<String> names = Arrays.asList(v.text("participants-text").split(" "));

    private List<byte[]> contributions() {
        List<byte[]> cs = new ArrayList<>();
        for (String n : names) {
            cs.add(v.hex("contribution-" + n));
        }
        return cs;
    }

    private RoundOpen open() {
        return new RoundOpen(v.hex("round-id"), v.hex("seed"), v.hex("server-commitment"),
                new KeyParameters(v.text("purpose-text"), (int) v.number("length")), v.number("deadline"), names);
    }

    private RoundTranscript transcript() {
        List<byte[]> commitments = new ArrayList<>();
        for (String n : names) {
            commitments.add(v.hex("commitment-" + n));
        }
        return open().transcript(v.hex("server-key-id"), v.text("server-name-text"), commitments);
    }

    @Test
    void commitmentsMatchTheDocument() {
        assertThat(RoundTranscript.commitment(v.hex("round-id"), v.text("server-name-text"), v.hex("server-contribution")))
                .isEqualTo(v.hex("server-commitment"));
        for (String n : names) {
            assertThat(RoundTranscript.commitment(v.hex("round-id"), n, v.hex("contribution-" + n)))
                    .as(n).isEqualTo(v.hex("commitment-" + n));
        }
    }

    @Test
    void messagesEncodeAsTheDocumentSays() throws Exception {
        assertThat(open().encode()).isEqualTo(v.hex("round-open"));
        assertThat(RoundOpen.decode(v.hex("round-open")).encode()).isEqualTo(v.hex("round-open"));
        CommitmentList list = CommitmentList.decode(v.hex("commitments"));
        assertThat(list.participants()).isEqualTo(names);
        assertThat(list.encode()).isEqualTo(v.hex("commitments"));
    }

    @Test
    void transcriptKeyIdAndCheckValueMatchTheDocument() throws Exception {
        RoundTranscript t = transcript();
        assertThat(t.encode()).isEqualTo(v.hex("transcript"));
        assertThat(t.hash()).isEqualTo(v.hex("transcript-hash"));
        byte[] key = KeyDerivation.combine(t, v.hex("server-contribution"), contributions());
        assertThat(key).isEqualTo(v.hex("key"));
        assertThat(KeyDerivation.keyId(t.hash())).isEqualTo(v.hex("key-id"));
        assertThat(KeyDerivation.checkValue(key)).isEqualTo(v.hex("check-value"));
    }

    @Test
    void applicationsOfTheKeyMatchTheDocument() {
        byte[] key = v.hex("key");
        assertThat(KeyApplications.otpSecret(key)).isEqualTo(v.hex("otp-secret"));
        assertThat(Base32.encode(KeyApplications.otpSecret(key))).isEqualTo(v.text("otp-secret-base32-text"));
        assertThat(KeyApplications.aes256Key(key)).isEqualTo(v.hex("aes256"));
        assertThat(KeyApplications.ecPrivateScalar(key, KeyApplications.Curve.P256))
                .isEqualTo(new BigInteger(1, v.hex("p256-scalar")));
        assertThat(KeyApplications.ecPrivateScalar(key, KeyApplications.Curve.SECP256K1))
                .isEqualTo(new BigInteger(1, v.hex("secp256k1-scalar")));
        assertThat(KeyApplications.ed25519Seed(key)).isEqualTo(v.hex("ed25519-seed"));
        assertThat(KeyApplications.ed25519KeyPair(key).subjectPublicKeyInfo()).isEqualTo(v.hex("ed25519-public-spki"));
        assertThat(KeyApplications.ecKeyPair(key, KeyApplications.Curve.P256).subjectPublicKeyInfo())
                .isEqualTo(v.hex("p256-public-spki"));
    }
}
