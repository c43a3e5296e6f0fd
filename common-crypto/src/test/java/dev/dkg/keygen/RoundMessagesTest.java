package dev.dkg.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.testing.TestPki;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.wire.WireFormatException;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every round message and record decodes exactly what it encodes and rejects anything else. */
class RoundMessagesTest {
    private static RoundOpen open() {
        return new RoundOpen(RoundFixture.roundId(), RoundFixture.filled(32, 0x22), RoundFixture.filled(32, 0x44),
                RoundFixture.PARAMETERS, RoundFixture.DEADLINE, RoundFixture.NAMES);
    }

    @Test
    void roundOpenRoundTripsAndRejectsTrailingBytes() throws Exception {
        byte[] encoded = open().encode();
        RoundOpen decoded = RoundOpen.decode(encoded);
        assertThat(decoded.encode()).isEqualTo(encoded);
        assertThat(decoded.participants()).isEqualTo(RoundFixture.NAMES);
        assertThatThrownBy(() -> RoundOpen.decode(Arrays.copyOf(encoded, encoded.length + 1)))
                .isInstanceOf(WireFormatException.class);
        for (int cut = 0; cut < encoded.length; cut += 7) {
            int at = cut;
            assertThatThrownBy(() -> RoundOpen.decode(Arrays.copyOf(encoded, at))).isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void participantListsMustBeAscendingAndUnique() {
        assertThatThrownBy(() -> new RoundOpen(RoundFixture.roundId(), RoundFixture.filled(32, 0),
                RoundFixture.filled(32, 0), RoundFixture.PARAMETERS, 0, List.of("bob", "alice")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoundTranscript.checkParticipants(List.of("alice", "alice")))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] descending = new dev.dkg.wire.WireWriter().count8(2).string("bob").bytes(new byte[32])
                .string("alice").bytes(new byte[32]).toByteArray();
        assertThatThrownBy(() -> CommitmentList.decode(descending)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void transcriptRoundTripsCanonically() throws Exception {
        RoundTranscript t = RoundFixture.transcript();
        byte[] encoded = t.encode();
        assertThat(RoundTranscript.decode(encoded)).isEqualTo(t);
        assertThat(RoundTranscript.decode(encoded).hash()).isEqualTo(t.hash());
        encoded[0] ^= 1;
        assertThatThrownBy(() -> RoundTranscript.decode(encoded)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void abortNamesItsCulprits() throws Exception {
        RoundAborted a = new RoundAborted(RoundFixture.roundId(), RoundAborted.Reason.NO_REVEAL, List.of("bob"));
        RoundAborted decoded = RoundAborted.decode(a.encode());
        assertThat(decoded.culprits()).containsExactly("bob");
        assertThat(decoded.describe()).isEqualTo("bob did not reveal before the deadline");
        byte[] badReason = a.encode();
        badReason[16] = 99;
        assertThatThrownBy(() -> RoundAborted.decode(badReason)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void keyRecordRoundTripsAndNeverPrintsTheKey() throws Exception {
        byte[] key = RoundFixture.filled(32, 0x5a);
        KeyRecord record = new KeyRecord(Instant.ofEpochMilli(1_700_000_000_123L), RoundFixture.transcript(), key);
        KeyRecord decoded = KeyRecord.decode(record.encode());
        assertThat(decoded.key()).isEqualTo(key);
        assertThat(decoded.keyId()).isEqualTo(record.keyId()).hasSize(32);
        assertThat(decoded.created()).isEqualTo(record.created());
        assertThat(decoded.toString()).doesNotContain("5a5a5a5a").contains(record.keyId());
        assertThatThrownBy(() -> new KeyRecord(Instant.now(), RoundFixture.transcript(), new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void receiptVerifiesOnlyUnderTheServerKeyAndUnchanged() throws Exception {
        Identity server = TestPki.identity("keygen", Role.KEYGEN_SERVER);
        RoundTranscript t = new RoundTranscript(RoundFixture.roundId(), RoundFixture.filled(32, 0x22),
                server.keyId().bytes(), "keygen", RoundFixture.filled(32, 0x44), RoundFixture.PARAMETERS,
                RoundFixture.DEADLINE, RoundFixture.NAMES, List.of(new byte[32], new byte[32], new byte[32]));
        KeyRecord record = new KeyRecord(Instant.now(), t, RoundFixture.filled(32, 1));
        Receipt receipt = Receipt.sign(record, server.privateKey());
        Receipt decoded = Receipt.decode(receipt.encode());
        decoded.verify(server.publicKey());
        assertThat(decoded.keyIdHex()).isEqualTo(record.keyId());
        assertThat(decoded.checkValueHex()).isEqualTo(record.checkValueHex());
        assertThat(decoded.transcriptHash()).isEqualTo(t.hash());

        byte[] tampered = receipt.encode();
        tampered[tampered.length - 300] ^= 1;
        assertThatThrownBy(() -> Receipt.decode(tampered).verify(server.publicKey()))
                .isInstanceOfAny(SignatureException.class, WireFormatException.class);
        Identity other = TestPki.identity("mallory", Role.KEYGEN_SERVER);
        assertThatThrownBy(() -> decoded.verify(other.publicKey())).isInstanceOf(SignatureException.class);
    }
}
