package dev.dkg.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads records at byte positions of a log file without trusting any length field: every
 * length is bounded by the format limit and by the file size before anything is allocated
 * or read. Small reads go through one cached window so probing every byte position of a
 * damaged region stays cheap.
 */
final class RecordScanner {
    /** What was found at a position. */
    enum Status {
        /** A complete record whose CRC matches. */
        VALID,
        /** The record header or payload runs past the end of the file. */
        INCOMPLETE,
        /** The length is over the limit or the CRC does not match. */
        INVALID
    }

    /** The outcome of probing one position; {@code length} is the payload length when known. */
    record Probe(Status status, long position, int length, String problem) {
        long end() {
            return position + LogFormat.RECORD_HEADER_LENGTH + length;
        }
    }

    private static final int WINDOW_SIZE = 64 * 1024;

    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW_SIZE);
    private long windowStart;
    private int windowLength;

    RecordScanner(FileChannel channel) {
        this.channel = channel;
    }

    /** Forgets cached bytes; call when the file may have changed under the cached window. */
    void invalidate() {
        windowLength = 0;
    }

    /**
     * Reads and checks the file header.
     *
     * @return the store id
     * @throws StoreCorruptedException naming {@code file} if the header is short or invalid
     */
    byte[] readStoreId(Path file) throws IOException {
        long size = channel.size();
        if (size < LogFormat.HEADER_LENGTH) {
            throw StoreCorruptedException.inHeader(file,
                    "file is " + size + " bytes, shorter than the " + LogFormat.HEADER_LENGTH + "-byte header");
        }
        ByteBuffer header = ByteBuffer.allocate(LogFormat.HEADER_LENGTH);
        readFully(header, 0);
        String problem = LogFormat.headerProblem(header.array());
        if (problem != null) {
            throw StoreCorruptedException.inHeader(file, problem);
        }
        return LogFormat.storeIdOf(header.array());
    }

    /**
     * Checks the record at {@code position}, streaming the payload through the CRC without
     * holding it in memory.
     *
     * @param size the file size to treat as the end of the file
     */
    Probe probe(long position, long size) throws IOException {
        if (size - position < LogFormat.RECORD_HEADER_LENGTH) {
            return new Probe(Status.INCOMPLETE, position, 0, "record header runs past the end of the file");
        }
        long length = Integer.toUnsignedLong(intAt(position));
        if (length > LogFormat.MAX_PAYLOAD_LENGTH) {
            return new Probe(Status.INVALID, position, 0,
                    "length " + length + " exceeds the limit of " + LogFormat.MAX_PAYLOAD_LENGTH + " bytes");
        }
        int payloadLength = (int) length;
        if (size - position - LogFormat.RECORD_HEADER_LENGTH < payloadLength) {
            return new Probe(Status.INCOMPLETE, position, payloadLength,
                    "record of " + payloadLength + " payload bytes runs past the end of the file");
        }
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, payloadLength));
        updateCrc(crc, position + LogFormat.RECORD_HEADER_LENGTH, payloadLength);
        if ((int) crc.getValue() != intAt(position + 4)) {
            return new Probe(Status.INVALID, position, payloadLength, "CRC-32C mismatch");
        }
        return new Probe(Status.VALID, position, payloadLength, null);
    }

    /**
     * Reads the payload of the record at {@code position} and checks its CRC on the very
     * bytes returned, so a concurrent change to the file cannot slip unverified bytes out.
     *
     * @return the payload, or null if the record there is not (yet) a complete valid record
     */
    byte[] readPayload(long position, long size) throws IOException {
        if (size - position < LogFormat.RECORD_HEADER_LENGTH) {
            return null;
        }
        ByteBuffer recordHeader = ByteBuffer.allocate(LogFormat.RECORD_HEADER_LENGTH);
        readFully(recordHeader, position);
        long length = Integer.toUnsignedLong(recordHeader.getInt(0));
        // Both bounds are checked before allocating: a damaged length must not become an allocation.
        if (length > LogFormat.MAX_PAYLOAD_LENGTH
                || size - position - LogFormat.RECORD_HEADER_LENGTH < length) {
            return null;
        }
        byte[] payload = new byte[(int) length];
        readFully(ByteBuffer.wrap(payload), position + LogFormat.RECORD_HEADER_LENGTH);
        if (LogFormat.recordCrc(payload.length, payload) != recordHeader.getInt(4)) {
            return null;
        }
        return payload;
    }

    /**
     * Whether any position in [{@code from}, {@code size}) holds a complete record with a
     * matching CRC. Used after a bad record to tell a torn tail (nothing valid follows) from
     * damage in the middle of acknowledged data (something valid follows).
     */
    boolean anyValidRecordFrom(long from, long size) throws IOException {
        for (long candidate = from; candidate + LogFormat.RECORD_HEADER_LENGTH <= size; candidate++) {
            if (probe(candidate, size).status() == Status.VALID) {
                return true;
            }
        }
        return false;
    }

    private int intAt(long position) throws IOException {
        if (position < windowStart || position + 4 > windowStart + windowLength) {
            fillWindow(position, 4);
        }
        return window.getInt((int) (position - windowStart));
    }

    private void updateCrc(CRC32C crc, long position, int length) throws IOException {
        long end = position + length;
        long at = position;
        while (at < end) {
            if (at < windowStart || at >= windowStart + windowLength) {
                fillWindow(at, 1);
            }
            int offset = (int) (at - windowStart);
            int count = (int) Math.min(windowLength - offset, end - at);
            crc.update(window.array(), offset, count);
            at += count;
        }
    }

    private void fillWindow(long position, int needed) throws IOException {
        window.clear();
        windowStart = position;
        windowLength = 0;
        while (window.hasRemaining()) {
            int read = channel.read(window, position + window.position());
            if (read < 0) {
                break;
            }
        }
        windowLength = window.position();
        if (windowLength < needed) {
            // Callers only ask for bytes below the size they measured; fewer means the file shrank.
            throw new EOFException("file ended at byte " + (position + windowLength) + " while reading a record");
        }
    }

    private void readFully(ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, at);
            if (read < 0) {
                throw new EOFException("file ended at byte " + at + " while reading a record");
            }
            at += read;
        }
    }
}
