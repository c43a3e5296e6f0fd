package dev.dkg.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Deterministic payloads, logs built from them, and captured log lines for the store tests. */
final class LogFixtures {
    private LogFixtures() {}

    /**
     * The payload of record {@code number}: the number itself then pseudo-random bytes of a
     * length that varies with it, so records differ in size and content.
     */
    static byte[] payload(long number) {
        Random random = new Random(number * 7919 + 17);
        byte[] payload = new byte[8 + random.nextInt(120)];
        random.nextBytes(payload);
        ByteBuffer.wrap(payload).putLong(0, number);
        return payload;
    }

    /**
     * A payload of up to 32 KiB for record {@code number}, large enough that a kill can land
     * in the middle of writing it.
     */
    static byte[] largePayload(long number) {
        Random random = new Random(number * 104729 + 3);
        byte[] payload = new byte[8 + random.nextInt(32 * 1024)];
        random.nextBytes(payload);
        ByteBuffer.wrap(payload).putLong(0, number);
        return payload;
    }

    /** Writes a log of {@code count} records with {@link #payload} contents and returns each record's byte offset. */
    static long[] writeLog(Path file, int count) throws IOException {
        long[] offsets = new long[count];
        try (RecordLog log = RecordLog.open(file)) {
            long offset = LogFormat.HEADER_LENGTH;
            for (int i = 0; i < count; i++) {
                offsets[i] = offset;
                assertThat(log.append(payload(i))).isEqualTo(i);
                offset += LogFormat.RECORD_HEADER_LENGTH + payload(i).length;
            }
        }
        return offsets;
    }

    static void assertRecords(List<LogRecord> records, long first, long count) {
        assertThat(records).hasSize((int) count);
        for (int i = 0; i < count; i++) {
            assertThat(records.get(i).number()).isEqualTo(first + i);
            assertThat(records.get(i).payload()).isEqualTo(payload(first + i));
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x20;
        Files.write(file, bytes);
    }

    /** Log lines of {@link RecordLog} at WARN and above, captured while open. */
    static final class CapturedWarnings implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger(RecordLog.class);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        CapturedWarnings() {
            appender.start();
            logger.addAppender(appender);
        }

        List<String> lines() {
            return appender.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage)
                    .collect(Collectors.toList());
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}
