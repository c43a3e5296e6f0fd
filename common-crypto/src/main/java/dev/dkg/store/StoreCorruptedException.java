package dev.dkg.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A record log is damaged where acknowledged data lives (its header, or a record that is
 * followed by further valid records), so nothing may be repaired automatically: the log is
 * left exactly as found and the operator decides.
 */
public final class StoreCorruptedException extends IOException {

    private final Path file;
    private final long recordNumber;
    private final long offset;

    private StoreCorruptedException(Path file, long recordNumber, long offset, String message) {
        super(message);
        this.file = file;
        this.recordNumber = recordNumber;
        this.offset = offset;
    }

    static StoreCorruptedException inHeader(Path file, String problem) {
        return new StoreCorruptedException(file, -1, 0, file + ": corrupted header: " + problem);
    }

    static StoreCorruptedException inRecord(Path file, long recordNumber, long offset, String problem) {
        return new StoreCorruptedException(file, recordNumber, offset,
                file + ": record " + recordNumber + " at byte offset " + offset + " is corrupted (" + problem
                        + ") and valid records follow it; refusing to drop acknowledged data");
    }

    static StoreCorruptedException changedSinceOpen(Path file, long recordNumber, long offset) {
        return new StoreCorruptedException(file, recordNumber, offset,
                file + ": record " + recordNumber + " at byte offset " + offset
                        + " no longer matches its CRC-32C; it changed after the log was opened");
    }

    static StoreCorruptedException shrunk(Path file, long size, long alreadyRead) {
        return new StoreCorruptedException(file, -1, size,
                file + ": file shrank to " + size + " bytes below the " + alreadyRead + " bytes already read");
    }

    /** The damaged log file. */
    public Path file() {
        return file;
    }

    /** The 0-based number of the damaged record; empty when the damage is not in one record (the header). */
    public OptionalLong recordNumber() {
        return recordNumber < 0 ? OptionalLong.empty() : OptionalLong.of(recordNumber);
    }

    /** Byte offset in the file where the damage starts. */
    public long offset() {
        return offset;
    }
}
