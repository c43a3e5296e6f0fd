package dev.dkg.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.BitSet;
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
    private long bytesExamined;

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
        if (checksum(position, payloadLength) != intAt(position + 4)) {
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
     * Decides what the bytes from a record that did not probe {@link Status#VALID} to the end of the file
     * are: what a crash during the last append leaves (a torn record: cut it, or wait for it), or damage to
     * acknowledged data (refuse). An append writes one record with one write at the end of the file, so a
     * crash leaves either a prefix of that record or, on a file system that extended the file but lost the
     * data, zero bytes. Everything else is damage:
     * <ul>
     *   <li>a complete record whose CRC fails, or a length over the limit;
     *   <li>a short record whose bytes, read with the length they actually have, form a valid record (its
     *       length field was made longer);
     *   <li>a short record followed by a valid record (the length of a record in the middle was made
     *       longer); the search for one is bounded (see {@link #validRecordAfter}).
     * </ul>
     *
     * @return why this is damage, or null if it is a torn last record
     */
    String damageFrom(Probe bad, long size) throws IOException {
        long position = bad.position();
        if (allZero(position, size)) {
            return null;
        }
        if (bad.status() == Status.INVALID) {
            return bad.problem();
        }
        long present = size - position - LogFormat.RECORD_HEADER_LENGTH;
        if (present < 0) {
            return null;
        }
        if (checksum(position, (int) present) == intAt(position + 4)) {
            return "its length field says " + bad.length() + " bytes but the " + present
                    + " bytes up to the end of the file form a complete record: the length was changed";
        }
        long valid = validRecordAfter(position, size);
        if (valid == NOT_DECIDED) {
            return "a short record whose " + (size - position)
                    + " bytes to the end of the file could not be shown to be a torn append";
        }
        if (valid >= 0) {
            return bad.problem() + ", and a valid record follows at byte offset " + valid;
        }
        return null;
    }

    /** Result of {@link #validRecordAfter} when its work bound ran out. */
    static final long NOT_DECIDED = -2;

    /**
     * Most bytes {@link #validRecordAfter} runs through the CRC. A torn tail holds only a prefix of one record,
     * so it is shorter than {@link LogFormat#MAX_PAYLOAD_LENGTH} + 8 and random bytes almost never chain; only
     * a crafted tail gets near this.
     */
    static final long SEARCH_BUDGET = 4L * LogFormat.MAX_PAYLOAD_LENGTH;

    /**
     * The first position after {@code bad} holding a valid record from which complete records chain exactly to
     * the end of the file, -1 if there is none, or {@link #NOT_DECIDED} if checking the CRCs of the candidates
     * would cost more than {@link #SEARCH_BUDGET} bytes.
     *
     * <p>Damage to a length field in the middle of a log leaves the records after it intact, and those chain to
     * the end of the file. Reading only length fields, one backward pass marks every position that chains (the
     * record at p ends at the end of the file or where a chaining record starts); only those are CRC-checked.
     * That costs one 4-byte read per position instead of a CRC over up to 16 MiB per position.
     *
     * @param bad the position of a record that runs past the end of the file, so at most
     *     {@link LogFormat#MAX_PAYLOAD_LENGTH} + 8 bytes are searched
     */
    long validRecordAfter(long bad, long size) throws IOException {
        long from = bad + 1;
        if (size - from < LogFormat.RECORD_HEADER_LENGTH) {
            return -1;
        }
        if (size - bad > LogFormat.RECORD_HEADER_LENGTH + LogFormat.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("only a record that runs past the end of the file is searched after");
        }
        int span = (int) (size - from);
        BitSet chains = new BitSet(span);
        // Backwards, one block at a time (a block plus the 3 bytes a length field may run into the next).
        ByteBuffer block = ByteBuffer.allocate(WINDOW_SIZE + 3);
        long last = size - LogFormat.RECORD_HEADER_LENGTH;
        for (long blockEnd = last + 1; blockEnd > from; blockEnd -= WINDOW_SIZE) {
            long blockStart = Math.max(from, blockEnd - WINDOW_SIZE);
            block.clear().limit((int) (blockEnd - blockStart + 3));
            readFully(block, blockStart);
            for (long candidate = blockEnd - 1; candidate >= blockStart; candidate--) {
                long length = Integer.toUnsignedLong(block.getInt((int) (candidate - blockStart)));
                long next = candidate + LogFormat.RECORD_HEADER_LENGTH + length;
                if (next == size || (next < size && chains.get((int) (next - from)))) {
                    chains.set((int) (candidate - from));
                }
            }
            bytesExamined += blockEnd - blockStart;
        }
        long budget = SEARCH_BUDGET;
        for (int i = chains.nextSetBit(0); i >= 0; i = chains.nextSetBit(i + 1)) {
            long candidate = from + i;
            long length = Integer.toUnsignedLong(intAt(candidate));
            if (length > LogFormat.MAX_PAYLOAD_LENGTH) {
                continue;
            }
            budget -= length + 4;
            if (budget < 0) {
                return NOT_DECIDED;
            }
            if (probe(candidate, size).status() == Status.VALID) {
                return candidate;
            }
        }
        return -1;
    }

    /** Bytes run through the CRC or read for the zero check so far; the tests bound the recovery work with it. */
    long bytesExamined() {
        return bytesExamined;
    }

    private boolean allZero(long position, long size) throws IOException {
        for (long at = position; at < size; at++) {
            if (at < windowStart || at >= windowStart + windowLength) {
                fillWindow(at, 1);
            }
            bytesExamined++;
            if (window.get((int) (at - windowStart)) != 0) {
                return false;
            }
        }
        return true;
    }

    private int checksum(long position, int payloadLength) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, payloadLength));
        updateCrc(crc, position + LogFormat.RECORD_HEADER_LENGTH, payloadLength);
        return (int) crc.getValue();
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
            bytesExamined += count;
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
