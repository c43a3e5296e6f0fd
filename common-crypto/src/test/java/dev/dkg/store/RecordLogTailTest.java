package dev.dkg.store;

import static dev.dkg.store.LogFixtures.assertRecords;
import static dev.dkg.store.LogFixtures.flipByte;
import static dev.dkg.store.LogFixtures.payload;
import static dev.dkg.store.LogFixtures.writeLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTailTest {
    @TempDir
    Path dir;

    @Test
    void seesRecordsAppendedAfterItOpened() throws Exception {
        Path file = dir.resolve("key_store");
        try (RecordLog log = RecordLog.open(file); RecordLogTail tail = RecordLogTail.open(file)) {
            assertThat(tail.storeId()).hasValueSatisfying(id -> assertThat(id).isEqualTo(log.storeId()));
            assertThat(tail.poll()).isEmpty();
            log.append(payload(0));
            log.append(payload(1));
            assertRecords(tail.poll(), 0, 2);
            assertThat(tail.poll()).isEmpty();
            log.append(payload(2));
            assertRecords(tail.poll(), 2, 1);
            assertThat(tail.nextRecordNumber()).isEqualTo(3);
        }
    }

    @Test
    void returnsAllExistingRecordsOnTheFirstPoll() throws Exception {
        Path file = dir.resolve("log");
        writeLog(file, 5);
        try (RecordLogTail tail = RecordLogTail.open(file)) {
            assertRecords(tail.poll(), 0, 5);
        }
    }

    @Test
    void waitsForTheFileToBeCreated() throws Exception {
        Path file = dir.resolve("later");
        try (RecordLogTail tail = RecordLogTail.open(file)) {
            assertThat(tail.poll()).isEmpty();
            assertThat(tail.storeId()).isEmpty();
            try (RecordLog log = RecordLog.open(file)) {
                log.append(payload(0));
                assertRecords(tail.poll(), 0, 1);
                assertThat(tail.storeId()).hasValueSatisfying(id -> assertThat(id).isEqualTo(log.storeId()));
            }
        }
    }

    @Test
    void ignoresAPartialRecordUntilItIsComplete() throws Exception {
        Path complete = dir.resolve("complete");
        long[] offsets = writeLog(complete, 3);
        byte[] bytes = Files.readAllBytes(complete);
        Path growing = dir.resolve("growing");
        Files.write(growing, Arrays.copyOf(bytes, (int) offsets[2]));
        try (RecordLogTail tail = RecordLogTail.open(growing)) {
            assertRecords(tail.poll(), 0, 2);
            // Feed the last record one byte at a time, as a slow writer would.
            for (int end = (int) offsets[2] + 1; end < bytes.length; end++) {
                Files.write(growing, Arrays.copyOfRange(bytes, end - 1, end), StandardOpenOption.APPEND);
                assertThat(tail.poll()).as("poll with the file cut at %d", end).isEmpty();
            }
            Files.write(growing, Arrays.copyOfRange(bytes, bytes.length - 1, bytes.length), StandardOpenOption.APPEND);
            assertRecords(tail.poll(), 2, 1);
        }
    }

    @Test
    void refusesACompleteLastRecordThatFailsItsCrc() throws Exception {
        // The writer refuses to open such a log; a follower must not wait for it to be cut.
        Path file = dir.resolve("log");
        long[] offsets = writeLog(file, 3);
        flipByte(file, offsets[2] + 10);
        try (RecordLogTail tail = RecordLogTail.open(file)) {
            assertThatThrownBy(tail::poll)
                    .isInstanceOfSatisfying(StoreCorruptedException.class,
                            e -> assertThat(e.recordNumber()).hasValue(2))
                    .hasMessageContaining("CRC-32C mismatch");
        }
    }

    @Test
    void refusesADamagedRecordFollowedByMoreData() throws Exception {
        Path file = dir.resolve("log");
        long[] offsets = writeLog(file, 3);
        flipByte(file, offsets[1] + 10);
        try (RecordLogTail tail = RecordLogTail.open(file)) {
            assertThatThrownBy(tail::poll)
                    .isInstanceOfSatisfying(StoreCorruptedException.class,
                            e -> assertThat(e.recordNumber()).hasValue(1))
                    .hasMessageContaining("record 1 at byte offset " + offsets[1]);
        }
    }

    @Test
    void refusesACorruptedHeaderWhenOpened() throws Exception {
        Path file = dir.resolve("log");
        writeLog(file, 1);
        flipByte(file, 3);
        assertThatThrownBy(() -> RecordLogTail.open(file))
                .isInstanceOf(StoreCorruptedException.class)
                .hasMessageContaining("corrupted header");
    }

    @Test
    void refusesAFileThatShrankBelowReturnedRecords() throws Exception {
        Path file = dir.resolve("log");
        long[] offsets = writeLog(file, 3);
        try (RecordLogTail tail = RecordLogTail.open(file)) {
            assertRecords(tail.poll(), 0, 3);
            try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(offsets[1]);
            }
            assertThatThrownBy(tail::poll).isInstanceOf(StoreCorruptedException.class).hasMessageContaining("shrank");
        }
    }
}
