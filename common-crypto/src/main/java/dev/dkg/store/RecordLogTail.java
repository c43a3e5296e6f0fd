package dev.dkg.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Follows a record log that another process writes: each {@link #poll()} returns the records
 * completed since the previous one, and never returns a record that is partial or fails its
 * CRC.
 *
 * <p>It takes no lock and never writes. A log that does not exist yet is not an error: polls
 * return nothing until the writer creates it (creation is atomic, so the file appears with
 * its complete header). A record still being written at the end of the file is "not yet
 * written": it is returned by a later poll once complete. Anything else that is not a valid
 * record (a complete record whose CRC fails, a short record followed by a valid one) is damage
 * to acknowledged data and fails with {@link StoreCorruptedException}: the same rule the writer
 * applies when it opens the log. The tail follows the file it first opened;
 * if the log is deleted and re-created, open a new tail.
 *
 * <p>All methods are thread-safe.
 */
public final class RecordLogTail implements AutoCloseable {
    private final Path file;
    private FileChannel channel;
    private RecordScanner scanner;
    private byte[] storeId;
    private long position = LogFormat.HEADER_LENGTH;
    private long nextNumber;
    /**
     * A bad record at {@code position} with nothing valid after it in a file of {@code size}
     * bytes; remembered so that polling an unchanged file does not scan the tail again.
     */
    private long waitingPosition = -1;
    private long waitingSize = -1;
    private boolean closed;

    private RecordLogTail(Path file) {
        this.file = file;
    }

    /**
     * Starts following {@code file} from its first record. Reads the header now if the file
     * exists, so a damaged header is reported at once.
     *
     * @throws StoreCorruptedException if the file exists and its header is damaged
     */
    public static RecordLogTail open(Path file) throws IOException {
        RecordLogTail tail = new RecordLogTail(file);
        tail.attach();
        return tail;
    }

    /**
     * Returns the records completed since the last poll (all records, on the first), in order
     * with their record numbers; empty if there are none or the file does not exist yet.
     *
     * @throws StoreCorruptedException if a record is damaged (see {@link RecordLog}), or the file
     *     shrank below records already returned
     */
    public synchronized List<LogRecord> poll() throws IOException {
        checkOpen();
        if (channel == null && !attach()) {
            return List.of();
        }
        long size = channel.size();
        if (size < position) {
            throw StoreCorruptedException.shrunk(file, size, position);
        }
        // The writer may have rewritten the bytes under the cached window since the last poll.
        scanner.invalidate();
        List<LogRecord> records = new ArrayList<>();
        while (position < size) {
            byte[] payload = scanner.readPayload(position, size);
            if (payload != null) {
                records.add(new LogRecord(nextNumber++, payload));
                position += LogFormat.RECORD_HEADER_LENGTH + payload.length;
                continue;
            }
            if (position == waitingPosition && size == waitingSize) {
                break;
            }
            scanner.invalidate();
            RecordScanner.Probe probe = scanner.probe(position, size);
            if (probe.status() == RecordScanner.Status.VALID) {
                // Completed between the two reads; read it again.
                continue;
            }
            String damage = scanner.damageFrom(probe, size);
            if (damage != null) {
                throw StoreCorruptedException.inRecord(file, nextNumber, position, damage);
            }
            // A record being appended right now, or a torn one the writer will cut when it reopens.
            waitingPosition = position;
            waitingSize = size;
            break;
        }
        return records;
    }

    /** The log's store id, once the file exists. */
    public synchronized Optional<byte[]> storeId() {
        return Optional.ofNullable(storeId).map(byte[]::clone);
    }

    /** Number of records returned so far, which is also the number of the next one. */
    public synchronized long nextRecordNumber() {
        return nextNumber;
    }

    /** The followed file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }

    private boolean attach() throws IOException {
        FileChannel opened;
        try {
            opened = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        try {
            RecordScanner openedScanner = new RecordScanner(opened);
            storeId = openedScanner.readStoreId(file);
            scanner = openedScanner;
            channel = opened;
            return true;
        } catch (IOException | RuntimeException e) {
            try {
                opened.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("record log tail " + file + " is closed");
        }
    }
}
