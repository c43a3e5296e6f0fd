package dev.dkg.crypto;

import static dev.dkg.testing.TestKeys.alice;
import static dev.dkg.testing.TestKeys.bob;
import static dev.dkg.testing.TestKeys.carol;
import static dev.dkg.testing.TestKeys.mallory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static final byte[] SESSION = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_SESSION = "fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "the round key is ready".getBytes(StandardCharsets.UTF_8);
    /** Offset of the sender key id: version 1 + kind 2 + session 16 + sequence 8. */
    private static final int SENDER_ID_OFFSET = 27;

    private static byte[] sealFromAliceTo(long sequence, KeyPair... recipients) throws GeneralSecurityException {
        return Envelope.seal(0x0101, SESSION, sequence, alice().getPrivate(), alice().getPublic(),
                Arrays.stream(recipients).map(KeyPair::getPublic).toList(), MESSAGE);
    }

    private static Envelope.Opened openAsBobFromAlice(byte[] envelope, long sequence) throws EnvelopeException {
        return Envelope.open(envelope, Envelope.Expect.of(SESSION, sequence), bob().getPrivate(), bob().getPublic(),
                alice().getPublic());
    }

    @Test
    void roundTripsToOneRecipient() throws GeneralSecurityException {
        Envelope.Opened opened = openAsBobFromAlice(sealFromAliceTo(7, bob()), 7);
        assertThat(opened.plaintext()).isEqualTo(MESSAGE);
        assertThat(opened.kind()).isEqualTo(0x0101);
        assertThat(opened.sequence()).isEqualTo(7);
        assertThat(opened.sessionId()).isEqualTo(SESSION);
        assertThat(opened.senderId()).isEqualTo(KeyId.of(alice().getPublic()));
    }

    @Test
    void everyRecipientOfSeveralCanOpen() throws GeneralSecurityException {
        byte[] envelope = sealFromAliceTo(0, bob(), carol(), alice());
        for (KeyPair me : List.of(bob(), carol(), alice())) {
            Envelope.Opened opened = Envelope.open(envelope, Envelope.Expect.of(SESSION, 0), me.getPrivate(),
                    me.getPublic(), alice().getPublic());
            assertThat(opened.plaintext()).isEqualTo(MESSAGE);
        }
    }

    @Test
    void roundTripsAnEmptyPayload() throws GeneralSecurityException {
        byte[] envelope = Envelope.seal(1, SESSION, 0, alice().getPrivate(), alice().getPublic(),
                List.of(bob().getPublic()), new byte[0]);
        assertThat(openAsBobFromAlice(envelope, 0).plaintext()).isEmpty();
    }

    @Test
    void rejectsEveryFlippedByteInHeaderWrappedKeyBodyAndSignature() throws GeneralSecurityException {
        byte[] envelope = sealFromAliceTo(3, bob());
        for (int i = 0; i < envelope.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] tampered = envelope.clone();
                tampered[i] ^= (byte) bit;
                int position = i;
                assertThatThrownBy(() -> openAsBobFromAlice(tampered, 3))
                        .as("bit %02x of byte %d of %d", bit, position, envelope.length)
                        .isInstanceOf(EnvelopeException.class);
            }
        }
    }

    @Test
    void rejectsTruncatedAndExtendedEnvelopes() throws GeneralSecurityException {
        byte[] envelope = sealFromAliceTo(0, bob());
        for (int length = 0; length < envelope.length; length += 7) {
            byte[] cut = Arrays.copyOf(envelope, length);
            assertThatThrownBy(() -> openAsBobFromAlice(cut, 0)).isInstanceOf(EnvelopeException.class)
                    .hasMessageStartingWith("malformed envelope");
        }
        byte[] extended = Arrays.copyOf(envelope, envelope.length + 1);
        assertThatThrownBy(() -> openAsBobFromAlice(extended, 0)).hasMessageContaining("trailing");
    }

    @Test
    void rejectsEnvelopeForAnotherRecipient() throws GeneralSecurityException {
        byte[] envelope = sealFromAliceTo(0, carol());
        assertThatThrownBy(() -> openAsBobFromAlice(envelope, 0))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("not addressed to this key");
    }

    @Test
    void rejectsReplayedEnvelope() throws GeneralSecurityException {
        byte[] first = sealFromAliceTo(0, bob());
        openAsBobFromAlice(first, 0);
        assertThatThrownBy(() -> openAsBobFromAlice(first, 1))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("sequence 0 where 1 was expected");
    }

    @Test
    void rejectsReorderedEnvelope() throws GeneralSecurityException {
        byte[] second = sealFromAliceTo(1, bob());
        assertThatThrownBy(() -> openAsBobFromAlice(second, 0))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("sequence 1 where 0 was expected");
    }

    @Test
    void rejectsEnvelopeFromAnotherSession() throws GeneralSecurityException {
        byte[] envelope = Envelope.seal(1, OTHER_SESSION, 0, alice().getPrivate(), alice().getPublic(),
                List.of(bob().getPublic()), MESSAGE);
        assertThatThrownBy(() -> openAsBobFromAlice(envelope, 0))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("another session");
    }

    @Test
    void rejectsEnvelopeFromAnUnexpectedSender() throws GeneralSecurityException {
        byte[] envelope = Envelope.seal(1, SESSION, 0, carol().getPrivate(), carol().getPublic(),
                List.of(bob().getPublic()), MESSAGE);
        assertThatThrownBy(() -> openAsBobFromAlice(envelope, 0))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("not the expected");
    }

    @Test
    void rejectsMessageResignedByAnotherIdentity() throws Exception {
        // Mallory strips Alice's signature, puts her own key id in the header and signs: whoever expects
        // Alice refuses the sender, and whoever expects Mallory cannot decrypt, because the sender id is
        // part of the AEAD's associated data.
        byte[] stolen = sealFromAliceTo(0, bob());
        byte[] forged = resign(withBytes(stolen, SENDER_ID_OFFSET, KeyId.of(mallory().getPublic()).bytes()), mallory());

        assertThatThrownBy(() -> openAsBobFromAlice(forged, 0)).hasMessageContaining("not the expected");
        assertThatThrownBy(() -> Envelope.open(forged, Envelope.Expect.of(SESSION, 0), bob().getPrivate(),
                bob().getPublic(), mallory().getPublic()))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("body does not decrypt");
    }

    @Test
    void signatureByTheRightKeyDoesNotRescueATamperedBody() throws Exception {
        byte[] envelope = sealFromAliceTo(0, bob());
        byte[] tampered = envelope.clone();
        tampered[signedLength(envelope) - 1] ^= 1; // last byte of the GCM tag
        assertThatThrownBy(() -> openAsBobFromAlice(resign(tampered, alice()), 0))
                .hasMessageContaining("body does not decrypt");
    }

    @Test
    void signatureByTheRightKeyDoesNotRescueATamperedWrappedKey() throws Exception {
        byte[] envelope = sealFromAliceTo(0, bob());
        byte[] tampered = envelope.clone();
        int headerLength = SENDER_ID_OFFSET + 32 + 1 + 32;
        tampered[headerLength + 2 + 100] ^= 1;
        assertThatThrownBy(() -> openAsBobFromAlice(resign(tampered, alice()), 0))
                .hasMessageContaining("cannot unwrap the content key");
    }

    @Test
    void rejectsKindsTheReceiverDoesNotAllow() throws GeneralSecurityException {
        byte[] envelope = sealFromAliceTo(0, bob());
        Envelope.Expect onlyOtp = Envelope.Expect.of(SESSION, 0).withKinds(Set.of(0x0200));
        assertThatThrownBy(() -> Envelope.open(envelope, onlyOtp, bob().getPrivate(), bob().getPublic(),
                alice().getPublic())).hasMessageContaining("kind 0x0101 not allowed");
    }

    @Test
    void rejectsUnknownVersion() throws GeneralSecurityException {
        byte[] envelope = sealFromAliceTo(0, bob());
        envelope[0] = 2;
        assertThatThrownBy(() -> openAsBobFromAlice(envelope, 0)).hasMessageContaining("version 2 is not supported");
    }

    @Test
    void sealRefusesBadArguments() {
        List<PublicKey> bobOnly = List.of(bob().getPublic());
        assertThatThrownBy(() -> Envelope.seal(0, SESSION, 0, alice().getPrivate(), alice().getPublic(), bobOnly, MESSAGE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> Envelope.seal(1, new byte[15], 0, alice().getPrivate(), alice().getPublic(), bobOnly,
                MESSAGE)).hasMessageContaining("session id");
        assertThatThrownBy(() -> Envelope.seal(1, SESSION, -1, alice().getPrivate(), alice().getPublic(), bobOnly,
                MESSAGE)).hasMessageContaining("sequence");
        assertThatThrownBy(() -> Envelope.seal(1, SESSION, 0, alice().getPrivate(), alice().getPublic(), List.of(),
                MESSAGE)).hasMessageContaining("1..16 recipients");
        List<PublicKey> seventeen = java.util.Collections.nCopies(17, bob().getPublic());
        assertThatThrownBy(() -> Envelope.seal(1, SESSION, 0, alice().getPrivate(), alice().getPublic(), seventeen,
                MESSAGE)).hasMessageContaining("1..16 recipients");
        List<PublicKey> twice = List.of(bob().getPublic(), bob().getPublic());
        assertThatThrownBy(() -> Envelope.seal(1, SESSION, 0, alice().getPrivate(), alice().getPublic(), twice,
                MESSAGE)).hasMessageContaining("listed twice");
    }

    @Test
    void rejectsRepeatedRecipientIds() throws Exception {
        // Hand-built: the same id twice in the header is not canonical even if everything else is right.
        byte[] envelope = sealFromAliceTo(0, bob(), carol());
        int secondId = SENDER_ID_OFFSET + 32 + 1 + 32;
        byte[] tampered = withBytes(envelope, secondId, KeyId.of(bob().getPublic()).bytes());
        assertThatThrownBy(() -> openAsBobFromAlice(tampered, 0)).hasMessageContaining("repeats an earlier one");
    }

    private static byte[] withBytes(byte[] data, int offset, byte[] replacement) {
        byte[] copy = data.clone();
        System.arraycopy(replacement, 0, copy, offset, replacement.length);
        return copy;
    }

    /** Offset of the signature length field, found by walking the structure. */
    private static int signedLength(byte[] envelope) throws Exception {
        WireReader r = new WireReader(envelope);
        r.skip(SENDER_ID_OFFSET + 32, "header");
        int count = r.u8("count");
        r.skip(32 * count, "ids");
        for (int i = 0; i < count; i++) {
            r.shortBytes(512, "wrapped");
        }
        r.skip((int) r.u32("body length"), "body");
        return r.position();
    }

    /** Replaces the signature with one by {@code signer} over the (possibly tampered) signed part. */
    private static byte[] resign(byte[] envelope, KeyPair signer) throws Exception {
        int signed = signedLength(envelope);
        byte[] signature = RsaPss.sign(signer.getPrivate(), Arrays.copyOf(envelope, signed));
        return new WireWriter().bytes(envelope, 0, signed).u16(signature.length).bytes(signature).toByteArray();
    }
}
