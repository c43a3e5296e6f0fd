package dev.dkg.keygen.server;

import dev.dkg.database.KeyRecordTable;
import dev.dkg.store.LogRecord;
import dev.dkg.store.RecordLog;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the shared database's copy of key_store ({@code key_records}) up to date: every record of the file,
 * byte for byte, under the same store id and number, in file order. The file stays the server's own durable
 * log; distributors started with {@code --database} read the copy and verify each record as they would the
 * file, so the database learns no secret and cannot forge a key.
 *
 * <p>Copying is a catch-up from the file: whatever the database lacks (a failed copy, a server that ran
 * without {@code --database} for a while) is copied by the next {@link #catchUp}, in order.
 */
final class DatabaseKeyCopy {
    /** The copy failed: the file holds the records, the database does not (yet). */
    static final class CopyFailedException extends IOException {
        CopyFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KeyRecordTable table;

    DatabaseKeyCopy(KeyRecordTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Copies the records of {@code log} the database does not hold yet, in one transaction; returns how many.
     *
     * @throws IOException if the database cannot be reached, or holds more records of this store than the file
     *     (the file was restored from an older backup: the copy is not ours to overwrite)
     */
    long catchUp(RecordLog log) throws IOException {
        byte[] storeId = log.storeId();
        try {
            long next = table.nextNumber(storeId);
            long size = log.size();
            if (next > size) {
                throw new CopyFailedException("the database holds " + next + " records of " + log.file() + " but the file only "
                        + size + "; was key_store restored from an older backup? (see docs/operations.md)", null);
            }
            List<LogRecord> missing = new ArrayList<>();
            for (long n = next; n < size; n++) {
                missing.add(log.read(n));
            }
            if (!missing.isEmpty()) {
                table.insert(storeId, missing);
            }
            return missing.size();
        } catch (SQLException e) {
            throw new CopyFailedException("cannot copy " + log.file() + " to the database: " + e.getMessage(), e);
        }
    }
}
