package dev.dkg.store;

import static dev.dkg.store.LogFixtures.assertRecords;
import static dev.dkg.store.LogFixtures.flipByte;
import static dev.dkg.store.LogFixtures.payload;
import static dev.dkg.store.LogFixtures.writeLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.store.LogFixtures.CapturedWarnings;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordLogRecoveryTest {
    /** Offsets inside a record: first and last length byte, a CRC byte, a payload byte. */
    private static final int LENGTH_HIGH = 0;
    private static final int LENGTH_LOW = 3;
    private static final int CRC = 6;
    private static final int PAYLOAD = 8 + 5;

    @TempDir
    Path dir;

    @Test
    void cutsTornLastRecordAtEveryByteOffsetAndKeepsAppending() throws Exception {
        Path original = dir.resolve("original");
        long[] offsets = writeLog(original, 3);
        byte[] bytes = Files.readAllBytes(original);
        long lastStart = offsets[2];
        for (int cut = (int) lastStart; cut < bytes.length; cut++) {
            Path torn = dir.resolve("torn-" + cut);
            Files.write(torn, Arrays.copyOf(bytes, cut));
            try (CapturedWarnings warnings = new CapturedWarnings(); RecordLog log = RecordLog.open(torn)) {
                assertThat(log.size()).as("records kept after a cut at %d", cut).isEqualTo(2);
                assertRecords(log.readAll(), 0, 2);
                assertThat(Files.size(torn)).isEqualTo(lastStart);
                if (cut == lastStart) {
                    assertThat(warnings.lines()).isEmpty();
                } else {
                    assertThat(warnings.lines()).singleElement().asString()
                            .contains("dropped " + (cut - lastStart) + " bytes")
                            .contains("byte offset " + lastStart)
                            .contains("record 2");
                }
                assertThat(log.append(payload(2))).isEqualTo(2);
            }
            try (RecordLog log = RecordLog.open(torn)) {
                assertRecords(log.readAll(), 0, 3);
            }
            assertThat(Files.readAllBytes(torn)).isEqualTo(bytes);
        }
    }

    @Test
    void refusesAOneByteEditAnywhereInTheLastRecordAndLeavesTheFileUnchanged() throws Exception {
        // A torn append is a short record; a complete one that fails its CRC was acknowledged and then changed.
        Path original = dir.resolve("original");
        long[] offsets = writeLog(original, 3);
        byte[] bytes = Files.readAllBytes(original);
        for (int at = (int) offsets[2]; at < bytes.length; at++) {
            for (int bit : new int[] {0x01, 0x80}) {
                Path file = dir.resolve("edited-" + at + "-" + bit);
                byte[] edited = bytes.clone();
                edited[at] ^= (byte) bit;
                Files.write(file, edited);
                assertThatThrownBy(() -> RecordLog.open(file))
                        .as("byte %d xor %x", at, bit)
                        .isInstanceOfSatisfying(StoreCorruptedException.class,
                                e -> assertThat(e.recordNumber()).hasValue(2))
                        .hasMessageContaining("record 2 at byte offset " + offsets[2]);
                assertThat(Files.readAllBytes(file)).isEqualTo(edited);
                Files.delete(file);
            }
        }
    }

    @Test
    void refusesALastRecordWhoseLengthWasMadeLonger() throws Exception {
        // It now runs past the end of the file like a torn record, but its bytes still verify at their real length.
        Path file = dir.resolve("log");
        long[] offsets = writeLog(file, 3);
        setLength(file, offsets[2], payload(2).length + 1);
        assertThatThrownBy(() -> RecordLog.open(file))
                .isInstanceOf(StoreCorruptedException.class)
                .hasMessageContaining("the length was changed");
        try (RecordLogTail tail = RecordLogTail.open(file)) {
            assertThatThrownBy(tail::poll).hasMessageContaining("the length was changed");
        }
    }

    @Test
    void refusesAMiddleRecordWhoseLengthNowRunsPastTheEnd() throws Exception {
        Path file = dir.resolve("log");
        long[] offsets = writeLog(file, 4);
        long size = Files.size(file);
        setLength(file, offsets[1], (int) (size - offsets[1]));
        assertThatThrownBy(() -> RecordLog.open(file))
                .isInstanceOfSatisfying(StoreCorruptedException.class, e -> assertThat(e.recordNumber()).hasValue(1))
                .hasMessageContaining("a valid record follows at byte offset " + offsets[2]);
    }

    @Test
    void boundsTheWorkOfTellingATornTailFromDamageOnA16MiBCraftedTail() throws Exception {
        // The last record claims the largest payload and is cut short; behind its header, every fourth
        // position holds a length of ~1 MiB that fits before the end of the file. Probing every position
        // and CRC-ing what its length claims (the old scan) would run ~4 million CRCs of 1 MiB each.
        Path file = dir.resolve("log");
        writeLog(file, 2);
        long lastStart = Files.size(file);
        int tail = LogFormat.MAX_PAYLOAD_LENGTH;
        ByteBuffer crafted = ByteBuffer.allocate(tail);
        crafted.putInt(LogFormat.MAX_PAYLOAD_LENGTH).putInt(0x5EED);
        while (crafted.remaining() >= 4) {
            crafted.putInt(0x0010_1010);
        }
        Files.write(file, crafted.array(), StandardOpenOption.APPEND);
        long size = Files.size(file);

        long wouldCrc = 0;
        for (int i = 1; i + 4 <= tail; i++) {
            long length = Integer.toUnsignedLong(crafted.getInt(i));
            if (length <= LogFormat.MAX_PAYLOAD_LENGTH && i + 8 + length <= tail) {
                wouldCrc += length;
            }
        }
        try (FileChannel channel = FileChannel.open(file)) {
            RecordScanner scanner = new RecordScanner(channel);
            RecordScanner.Probe probe = scanner.probe(lastStart, size);
            assertThat(probe.status()).isEqualTo(RecordScanner.Status.INCOMPLETE);
            assertThat(scanner.damageFrom(probe, size)).isNull();
            assertThat(scanner.bytesExamined())
                    .as("bytes read or CRC'd, against %d for probing every position", wouldCrc)
                    .isLessThan(4L * size)
                    .isLessThan(wouldCrc / 10_000);
        }
        try (RecordLog log = RecordLog.open(file)) {
            assertRecords(log.readAll(), 0, 2);
            assertThat(Files.size(file)).isEqualTo(lastStart);
        }
    }

    @Test
    void refusesACraftedTailWhoseCheckWouldCostMoreThanTheBound() throws Exception {
        // Every fourth position's length points at the same later record, so ~a million candidates chain
        // to the end of the file; checking them all would CRC terabytes. The bound stops it and calls it damage.
        Path file = dir.resolve("log");
        writeLog(file, 1);
        long lastStart = Files.size(file);
        int tail = 8 * 1024 * 1024;
        ByteBuffer crafted = ByteBuffer.allocate(tail);
        crafted.putInt(LogFormat.MAX_PAYLOAD_LENGTH).putInt(0x5EED);
        int target = tail - 8;
        while (crafted.position() + 4 <= target) {
            crafted.putInt(target - crafted.position() - 8);
        }
        crafted.position(target).putInt(0).putInt(0x1234);
        Files.write(file, crafted.array(), StandardOpenOption.APPEND);
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file)) {
            RecordScanner scanner = new RecordScanner(channel);
            assertThat(scanner.damageFrom(scanner.probe(lastStart, size), size)).contains("could not be shown");
            assertThat(scanner.bytesExamined()).isLessThan(RecordScanner.SEARCH_BUDGET + 4L * size);
        }
        assertThatThrownBy(() -> RecordLog.open(file)).isInstanceOf(StoreCorruptedException.class);
    }

    @ParameterizedTest(name = "byte {0} of a middle record")
    @ValueSource(ints = {LENGTH_HIGH, LENGTH_LOW, CRC, PAYLOAD})
    void refusesAFlippedByteInAMiddleRecordAndLeavesTheFileUnchanged(int inRecord) throws Exception {
        Path file = dir.resolve("log");
        long[] offsets = writeLog(file, 3);
        flipByte(file, offsets[1] + inRecord);
        byte[] damaged = Files.readAllBytes(file);
        for (int attempt = 0; attempt < 2; attempt++) {
            // The second attempt proves the refused open released its lock.
            assertThatThrownBy(() -> RecordLog.open(file))
                    .isInstanceOfSatisfying(StoreCorruptedException.class, e -> {
                        assertThat(e.recordNumber()).hasValue(1);
                        assertThat(e.offset()).isEqualTo(offsets[1]);
                        assertThat(e.file().getFileName()).isEqualTo(file.getFileName());
                    })
                    .hasMessageContaining(file.getFileName().toString())
                    .hasMessageContaining("record 1 at byte offset " + offsets[1]);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
    }

    @Test
    void refusesDamageInTheFirstRecord() throws Exception {
        Path file = dir.resolve("log");
        long[] offsets = writeLog(file, 2);
        flipByte(file, offsets[0] + PAYLOAD);
        assertThatThrownBy(() -> RecordLog.open(file))
                .isInstanceOf(StoreCorruptedException.class)
                .hasMessageContaining("record 0 at byte offset " + LogFormat.HEADER_LENGTH);
    }

    @Test
    void refusesEveryCorruptedHeaderByteAndLeavesTheFileUnchanged() throws Exception {
        Path original = dir.resolve("original");
        writeLog(original, 2);
        for (int i = 0; i < LogFormat.HEADER_LENGTH; i++) {
            Path file = dir.resolve("header-" + i);
            Files.copy(original, file);
            flipByte(file, i);
            byte[] damaged = Files.readAllBytes(file);
            assertThatThrownBy(() -> RecordLog.open(file))
                    .as("flipped header byte %d", i)
                    .isInstanceOfSatisfying(StoreCorruptedException.class,
                            e -> assertThat(e.recordNumber()).isEmpty())
                    .hasMessageContaining(file.getFileName() + ": corrupted header");
            assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
        }
    }

    @Test
    void refusesAFileShorterThanTheHeader() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThatThrownBy(() -> RecordLog.open(empty))
                .isInstanceOf(StoreCorruptedException.class)
                .hasMessageContaining("shorter than the 30-byte header");
        assertThat(Files.size(empty)).isZero();
    }

    @Test
    void refusesAnUnknownFormatVersion() throws Exception {
        Path file = dir.resolve("log");
        byte[] header = LogFormat.encodeHeader(new byte[16]);
        ByteBuffer.wrap(header).putShort(8, (short) 2);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(header, 0, 26);
        ByteBuffer.wrap(header).putInt(26, (int) crc.getValue());
        Files.write(file, header);
        assertThatThrownBy(() -> RecordLog.open(file)).hasMessageContaining("unsupported format version 2");
    }

    @Test
    void cutsAZeroFilledTail() throws Exception {
        // What a file system that extended the file but lost the data leaves behind.
        Path file = dir.resolve("log");
        writeLog(file, 2);
        long size = Files.size(file);
        Files.write(file, new byte[100], StandardOpenOption.APPEND);
        try (CapturedWarnings warnings = new CapturedWarnings(); RecordLog log = RecordLog.open(file)) {
            assertRecords(log.readAll(), 0, 2);
            assertThat(Files.size(file)).isEqualTo(size);
            assertThat(warnings.lines()).singleElement().asString().contains("dropped 100 bytes");
        }
    }

    @Test
    void rejectsAnOversizedLengthWithoutAllocatingIt() throws Exception {
        Path tailFile = dir.resolve("tail");
        long[] tailOffsets = writeLog(tailFile, 3);
        setLength(tailFile, tailOffsets[2], 0x7FFF_FFF0);
        Path middleFile = dir.resolve("middle");
        long[] middleOffsets = writeLog(middleFile, 3);
        setLength(middleFile, middleOffsets[1], 0xFFFF_FFF0);

        long before = allocatedByThisThread();
        for (Path file : new Path[] {tailFile, middleFile}) {
            assertThatThrownBy(() -> RecordLog.open(file))
                    .isInstanceOf(StoreCorruptedException.class)
                    .hasMessageContaining("exceeds the limit");
            try (RecordLogTail tail = RecordLogTail.open(file)) {
                assertThatThrownBy(tail::poll).isInstanceOf(StoreCorruptedException.class);
            }
        }
        long allocated = allocatedByThisThread() - before;
        assertThat(allocated).as("bytes allocated").isLessThan(4L * 1024 * 1024);
    }

    private static void setLength(Path file, long recordOffset, int length) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt((int) recordOffset, length);
        Files.write(file, bytes);
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
