package dev.dkg.keygen.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.keygen.KeyParameters;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.keygen.KeyStoreVerificationException;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.store.RecordLog;
import dev.dkg.testing.TestPki;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a key_store reader (the server's list/export, an OTP distributor) accepts, and what stops it. */
class KeyStoreReaderTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private static KeyRecord key(Identity server) {
        byte[] roundId = new byte[RoundTranscript.ROUND_ID_BYTES];
        RANDOM.nextBytes(roundId);
        byte[] value = new byte[32];
        RANDOM.nextBytes(value);
        RoundTranscript t = new RoundTranscript(roundId, new byte[RoundTranscript.SEED_BYTES], server.keyId().bytes(),
                server.name(), RoundTranscript.commitment(roundId, server.name(), value), KeyParameters.DEFAULT,
                Instant.now().toEpochMilli(), List.of("alice"), List.of(RoundTranscript.commitment(roundId, "alice", value)));
        return new KeyRecord(Instant.now(), t, value);
    }

    private Path storeWith(Identity server, int keys) throws Exception {
        Path file = dir.resolve("key_store");
        try (KeyStoreWriter w = KeyStoreWriter.open(file, server, List.of(KeygenFixture.peer(KeygenFixture.DISTRIBUTOR)))) {
            for (int i = 0; i < keys; i++) {
                w.store(key(server));
            }
        }
        return file;
    }

    @Test
    void keysSignedByAServerWhoseCertificateHasSinceExpiredStayReadable() throws Exception {
        Identity expired = TestPki.expiredIdentity("keygen", Role.KEYGEN_SERVER);
        Path file = storeWith(expired, 2);
        assertThat(KeyStoreReader.readAll(file, KeygenFixture.DISTRIBUTOR, TestPki.trust())).hasSize(2);
    }

    @Test
    void aSignerFromAnotherCaIsRefused() throws Exception {
        Path file = storeWith(TestPki.foreignCaIdentity("keygen", Role.KEYGEN_SERVER), 1);
        assertThatThrownBy(() -> KeyStoreReader.readAll(file, KeygenFixture.DISTRIBUTOR, TestPki.trust()))
                .isInstanceOf(KeyStoreVerificationException.class).hasMessageContaining("untrusted signer");
    }

    @Test
    void aRecordThatDoesNotVerifyStopsTheReaderForGoodAndNoLaterKeyIsServed() throws Exception {
        Path file = storeWith(KeygenFixture.SERVER, 1);
        try (RecordLog log = RecordLog.open(file)) {
            log.append(Arrays.copyOf("not an envelope".getBytes(), 200));
        }
        storeWith(KeygenFixture.SERVER, 1);
        try (KeyStoreReader reader = KeyStoreReader.open(file, KeygenFixture.DISTRIBUTOR, TestPki.trust())) {
            assertThatThrownBy(reader::poll).isInstanceOf(KeyStoreVerificationException.class)
                    .hasMessageContaining("record 2");
            assertThatThrownBy(reader::poll).isInstanceOf(KeyStoreVerificationException.class)
                    .hasMessageContaining("record 2");
        }
    }

    @Test
    void aRecordWhoseRecipientListWasEditedIsRefusedEvenByAReaderItIsNotSealedTo() throws Exception {
        Path file = storeWith(KeygenFixture.SERVER, 1);
        Identity outsider = TestPki.identity("other-distributor", Role.OTP_DISTRIBUTOR);
        assertThat(KeyStoreReader.readAll(file, outsider, TestPki.trust())).isEmpty();

        // Point the record's second recipient id elsewhere and fix the CRC, as someone editing the file would:
        // the log accepts the record, the envelope signature must not.
        byte[] bytes = Files.readAllBytes(file);
        int offset = lastRecordOffset(bytes);
        int recipientIds = offset + 8 + 1 + 2 + 16 + 8 + 32 + 1;
        bytes[recipientIds + 32] ^= 0x01;
        fixCrc(bytes, offset);
        Files.write(file, bytes);

        assertThatThrownBy(() -> KeyStoreReader.readAll(file, outsider, TestPki.trust()))
                .isInstanceOf(KeyStoreVerificationException.class).hasMessageContaining("does not verify");
    }

    /** Offset of the last record's length field, walking the documented layout (docs/storage.md). */
    private static int lastRecordOffset(byte[] file) {
        int offset = 30;
        int last = -1;
        while (offset < file.length) {
            last = offset;
            offset += 8 + ByteBuffer.wrap(file, offset, 4).getInt();
        }
        return last;
    }

    private static void fixCrc(byte[] file, int offset) {
        int length = ByteBuffer.wrap(file, offset, 4).getInt();
        CRC32C crc = new CRC32C();
        crc.update(file, offset, 4);
        crc.update(file, offset + 8, length);
        ByteBuffer.wrap(file, offset + 4, 4).putInt((int) crc.getValue());
    }
}
