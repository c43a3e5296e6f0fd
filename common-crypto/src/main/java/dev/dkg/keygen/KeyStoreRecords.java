package dev.dkg.keygen;

import dev.dkg.store.LogRecord;
import dev.dkg.store.RecordLogTail;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The records of one key store, followed while its keygen server appends: the file ({@link #of(Path)}) or
 * its copy in the shared database. What {@link KeyStoreReader} verifies; it trusts nothing here but the
 * order (each poll returns the next records by number, none skipped).
 */
public interface KeyStoreRecords extends AutoCloseable {
    /** The records completed since the last poll, numbered from 0 with no gap; empty if none. */
    List<LogRecord> poll() throws IOException;

    /** The store id every record was sealed under, once known (a file not yet created has none). */
    Optional<byte[]> storeId();

    /** Where the records come from, for messages: a path, or the database and store id. */
    String name();

    @Override
    void close() throws IOException;

    /** The records of the key_store file at {@code file} (which may not exist yet). */
    static KeyStoreRecords of(Path file) throws IOException {
        RecordLogTail tail = RecordLogTail.open(file);
        return new KeyStoreRecords() {
            @Override
            public List<LogRecord> poll() throws IOException {
                return tail.poll();
            }

            @Override
            public Optional<byte[]> storeId() {
                return tail.storeId();
            }

            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public void close() throws IOException {
                tail.close();
            }
        };
    }
}
