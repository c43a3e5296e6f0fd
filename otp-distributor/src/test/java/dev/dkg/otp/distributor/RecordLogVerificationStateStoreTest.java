package dev.dkg.otp.distributor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.store.RecordLog;
import dev.dkg.testing.TestPki;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogVerificationStateStoreTest {
    private static final Identity ME = DistributorFixture.distributorIdentity();

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("state.log");
    }

    @Test
    void replayKeepsTheLastStatePerKey() throws IOException {
        VerificationState a1 = new VerificationState(1, 2, 3, 0, 0);
        VerificationState a2 = new VerificationState(5, 6, 7, 1, 0);
        VerificationState b = new VerificationState(0, 0, 99, 4, 123_456);
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME)) {
            assertThat(store.load("a")).isEqualTo(VerificationState.INITIAL);
            store.save("a", a1);
            store.save("b", b);
            store.save("a", a2);
            assertThat(store.load("a")).isEqualTo(a2);
        }
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME)) {
            assertThat(store.load("a")).isEqualTo(a2);
            assertThat(store.load("b")).isEqualTo(b);
            assertThat(store.load("c")).isEqualTo(VerificationState.INITIAL);
            assertThat(store.recordCount()).isEqualTo(3);
        }
    }

    /** Replay costs a private-key operation per record: the log is kept near one record per key. */
    @Test
    void aLogOfManySupersededRecordsIsCompactedToOnePerKeyAndKeepsEveryState() throws IOException {
        long compactAt = 12;
        VerificationState last = null;
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME, compactAt)) {
            store.save("b", new VerificationState(0, 0, 1, 0, 0));
            for (int i = 1; i <= 40; i++) {
                last = new VerificationState(i, i, i, 0, 0);
                store.save("a", last);
                assertThat(store.recordCount()).isLessThanOrEqualTo(compactAt);
            }
            assertThat(store.load("a")).isEqualTo(last);
        }
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME, compactAt)) {
            assertThat(store.load("a")).isEqualTo(last);
            assertThat(store.load("b")).isEqualTo(new VerificationState(0, 0, 1, 0, 0));
            store.save("a", new VerificationState(41, 41, 41, 0, 0));
        }
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME)) {
            assertThat(store.load("a")).isEqualTo(new VerificationState(41, 41, 41, 0, 0));
        }
    }

    @Test
    void aLogWithFewRecordsPerKeyIsLeftAlone() throws IOException {
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME, 4)) {
            for (int i = 0; i < 8; i++) {
                store.save("k" + i, new VerificationState(i, 0, 0, 0, 0));
            }
            store.save("k0", new VerificationState(9, 0, 0, 0, 0));
            assertThat(store.recordCount()).isEqualTo(9);
        }
    }

    /** A log grown before compaction existed (or with a higher threshold) is compacted when opened. */
    @Test
    void aLongLogIsCompactedWhenOpened() throws IOException {
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME, 1_000)) {
            for (int i = 0; i < 30; i++) {
                store.save("a", new VerificationState(i, 0, 0, 0, 0));
            }
            assertThat(store.recordCount()).isEqualTo(30);
        }
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME, 10)) {
            assertThat(store.recordCount()).isEqualTo(1);
            assertThat(store.load("a")).isEqualTo(new VerificationState(29, 0, 0, 0, 0));
        }
    }

    @Test
    void refusesToStartOnAnEditedRecord() throws IOException {
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME)) {
            store.save("a", new VerificationState(1, 1, 1, 0, 0));
            store.save("a", new VerificationState(2, 2, 2, 0, 0));
        }
        // Flip one byte inside the first record's envelope and fix up its CRC, as a careful editor would:
        // the record log then accepts it, and only the envelope's signature can tell.
        byte[] payload;
        try (RecordLog log = RecordLog.open(file())) {
            payload = log.read(0).payload();
        }
        payload[payload.length - 40] ^= 1;
        rewriteFirstRecord(payload);
        assertThatThrownBy(() -> RecordLogVerificationStateStore.open(file(), ME))
                .isInstanceOf(IOException.class).hasMessageContaining("state record 0 does not open");
    }

    @Test
    void refusesStateSealedByAnotherKey() throws IOException {
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(),
                TestPki.identity("other-distributor", Role.OTP_DISTRIBUTOR))) {
            store.save("a", new VerificationState(1, 1, 1, 0, 0));
        }
        assertThatThrownBy(() -> RecordLogVerificationStateStore.open(file(), ME))
                .isInstanceOf(IOException.class).hasMessageContaining("identity changed");
    }

    @Test
    void refusesARecordCopiedToAnotherPosition() throws IOException {
        byte[] first;
        try (RecordLogVerificationStateStore store = RecordLogVerificationStateStore.open(file(), ME)) {
            store.save("a", new VerificationState(1, 1, 1, 0, 0));
        }
        try (RecordLog log = RecordLog.open(file())) {
            first = log.read(0).payload();
            // Replaying an old state (an earlier counter) by appending a copy of its record.
            log.append(first);
        }
        assertThatThrownBy(() -> RecordLogVerificationStateStore.open(file(), ME))
                .isInstanceOf(IOException.class).hasMessageContaining("state record 1");
    }

    private void rewriteFirstRecord(byte[] payload) throws IOException {
        // Record layout (docs/storage.md): a 30-byte file header, then u32 length | u32 CRC-32C | payload,
        // the CRC covering the length bytes and the payload.
        int headerLength = 30;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(payload.length).array());
        crc.update(payload);
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
            b.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
            ch.write(b, headerLength);
        }
    }
}
