package dev.dkg.store;

import static dev.dkg.store.LogFixtures.assertRecords;
import static dev.dkg.store.LogFixtures.payload;
import static dev.dkg.store.LogFixtures.writeLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTest {
    @TempDir
    Path dir;

    @Test
    void appendedRecordsSurviveCloseAndReopen() throws Exception {
        Path file = dir.resolve("key_store");
        byte[] storeId;
        try (RecordLog log = RecordLog.open(file)) {
            storeId = log.storeId();
            assertThat(log.size()).isZero();
            for (int i = 0; i < 10; i++) {
                assertThat(log.append(payload(i))).isEqualTo(i);
            }
            assertThat(log.size()).isEqualTo(10);
        }
        try (RecordLog log = RecordLog.open(file)) {
            assertThat(log.storeId()).isEqualTo(storeId);
            assertThat(log.size()).isEqualTo(10);
            assertRecords(log.readAll(), 0, 10);
            assertThat(log.read(7).payload()).isEqualTo(payload(7));
            assertThat(log.append(payload(10))).isEqualTo(10);
        }
        try (RecordLog log = RecordLog.open(file)) {
            assertRecords(log.readAll(), 0, 11);
        }
    }

    @Test
    void newLogHasOnlyAHeaderAndADistinctRandomStoreId() throws Exception {
        try (RecordLog a = RecordLog.open(dir.resolve("a")); RecordLog b = RecordLog.open(dir.resolve("b"))) {
            assertThat(a.storeId()).hasSize(16).isNotEqualTo(b.storeId());
        }
        assertThat(Files.size(dir.resolve("a"))).isEqualTo(LogFormat.HEADER_LENGTH);
    }

    @Test
    void acceptsAnEmptyPayload() throws Exception {
        Path file = dir.resolve("log");
        try (RecordLog log = RecordLog.open(file)) {
            log.append(new byte[0]);
            log.append(payload(1));
        }
        try (RecordLog log = RecordLog.open(file)) {
            assertThat(log.read(0).payload()).isEmpty();
            assertThat(log.read(1).payload()).isEqualTo(payload(1));
        }
    }

    @Test
    void createsLogAndLockFileReadableByOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("key_store");
        try (RecordLog log = RecordLog.open(file)) {
            log.append(payload(0));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key_store.lock"))))
                .isEqualTo("rw-------");
        try (var names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("key_store", "key_store.lock");
        }
    }

    @Test
    void refusesSecondWriterWhileTheFirstHoldsTheLock() throws Exception {
        Path file = dir.resolve("key_store");
        try (RecordLog first = RecordLog.open(file)) {
            first.append(payload(0));
            assertThatThrownBy(() -> RecordLog.open(file))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining(file.getFileName().toString())
                    .hasMessageContaining("locked by another writer");
            // The refused attempt must not have disturbed the holder.
            assertThat(first.append(payload(1))).isEqualTo(1);
        }
        try (RecordLog reopened = RecordLog.open(file)) {
            assertThat(reopened.size()).isEqualTo(2);
        }
    }

    @Test
    void refusesSecondWriterReachingTheLogThroughASymbolicLink() throws Exception {
        Path file = dir.resolve("key_store");
        Path link = Files.createSymbolicLink(dir.resolve("alias"), file.getFileName());
        try (RecordLog first = RecordLog.open(file)) {
            assertThatThrownBy(() -> RecordLog.open(link)).isInstanceOf(StoreLockedException.class);
            assertThat(first.file()).isEqualTo(file.toRealPath());
        }
    }

    @Test
    void readRefusesARecordDamagedAfterOpen() throws Exception {
        Path file = dir.resolve("log");
        long[] offsets = writeLog(file, 3);
        try (RecordLog log = RecordLog.open(file)) {
            LogFixtures.flipByte(file, offsets[1] + 12);
            assertThat(log.read(0).payload()).isEqualTo(payload(0));
            assertThatThrownBy(() -> log.read(1))
                    .isInstanceOf(StoreCorruptedException.class)
                    .hasMessageContaining("record 1 at byte offset " + offsets[1]);
        }
    }

    @Test
    void rejectsOversizedPayloadWithoutWritingIt() throws Exception {
        Path file = dir.resolve("log");
        try (RecordLog log = RecordLog.open(file)) {
            assertThatThrownBy(() -> log.append(new byte[LogFormat.MAX_PAYLOAD_LENGTH + 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exceeds the record limit");
            assertThat(log.size()).isZero();
            assertThat(log.append(payload(0))).isZero();
        }
        assertThat(Files.size(file)).isEqualTo(LogFormat.HEADER_LENGTH + LogFormat.RECORD_HEADER_LENGTH + payload(0).length);
    }

    @Test
    void concurrentAppendsGetDistinctNumbersAndAllPersist() throws Exception {
        Path file = dir.resolve("log");
        int threads = 4;
        int perThread = 25;
        Set<Long> numbers = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RecordLog log = RecordLog.open(file)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long number = log.append(payload(1000));
                        numbers.add(number);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(numbers).hasSize(threads * perThread);
        try (RecordLog log = RecordLog.open(file)) {
            assertThat(log.size()).isEqualTo(threads * perThread);
            assertThat(log.readAll()).allSatisfy(r -> assertThat(r.payload()).isEqualTo(payload(1000)));
        }
    }

    @Test
    void closedLogRefusesUse() throws Exception {
        RecordLog log = RecordLog.open(dir.resolve("log"));
        log.close();
        log.close();
        assertThatThrownBy(() -> log.append(payload(0))).isInstanceOf(IllegalStateException.class);
        try (RecordLog again = RecordLog.open(dir.resolve("log"))) {
            assertThat(again.size()).isZero();
        }
    }

    @Test
    void readRejectsUnknownRecordNumbers() throws Exception {
        Path file = dir.resolve("log");
        writeLog(file, 2);
        try (RecordLog log = RecordLog.open(file)) {
            assertThatThrownBy(() -> log.read(2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> log.read(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void refusesToCreateInAMissingDirectory() {
        assertThatThrownBy(() -> RecordLog.open(dir.resolve("missing/key_store")))
                .hasMessageContaining("does not exist");
    }
}
