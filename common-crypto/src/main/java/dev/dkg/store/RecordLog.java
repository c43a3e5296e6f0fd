package dev.dkg.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of an append-only record log: an append is durable on disk before it
 * returns its record number, and acknowledged records are never dropped.
 *
 * <p>Opening scans every record. A <em>short</em> last record (one that runs past the end of the
 * file: what a crash during an append leaves) or a tail of zero bytes is cut off with a warning.
 * Anything else that is not a valid record, including a complete last record whose CRC fails, is
 * damage: opening fails with {@link StoreCorruptedException} and leaves the file untouched (the
 * exact rule is {@code RecordScanner.damageFrom} and docs/storage.md). A
 * second writer, in this JVM or another process, fails with {@link StoreLockedException}.
 * Other processes may follow the log with {@link RecordLogTail}. The format is specified in
 * docs/storage.md.
 *
 * <p>All methods are thread-safe. Interrupting a thread while it appends closes the
 * underlying {@link FileChannel} (a JDK rule for interruptible channels); the log then
 * refuses further appends and must be reopened, which keeps every acknowledged record.
 */
public final class RecordLog implements AutoCloseable {
    /** Largest payload one record may carry (16 MiB); part of the format. */
    public static final int MAX_PAYLOAD_LENGTH = LogFormat.MAX_PAYLOAD_LENGTH;

    private static final Logger LOG = LoggerFactory.getLogger(RecordLog.class);

    /**
     * Lock files held by writers in this JVM. POSIX record locks belong to the process and
     * the kernel drops all of them when the process closes <em>any</em> descriptor of the
     * locked file, so a second writer here must be refused before it opens the lock file.
     */
    private static final Set<Path> LOCKS_HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    /** The record index is an array; this is the largest array the JVM reliably allocates. */
    private static final int MAX_RECORDS = Integer.MAX_VALUE - 8;

    private final Path file;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel channel;
    private RecordScanner scanner;
    private byte[] storeId;
    /** Byte offset of each record; index = record number. */
    private long[] offsets;
    private int count;
    private long end;
    private boolean failed;
    private boolean closed;

    private RecordLog(Path file, Path lockFile, FileChannel lockChannel, FileLock lock, FileChannel channel,
            byte[] storeId) {
        this.file = file;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.channel = channel;
        this.scanner = new RecordScanner(channel);
        this.storeId = storeId;
        this.offsets = new long[16];
    }

    /**
     * Opens the log at {@code file} for writing, creating it (with a fresh random store id and
     * owner-only permissions) if it does not exist, and recovers from a crash during the last
     * append.
     *
     * @throws StoreLockedException if another writer holds the log
     * @throws StoreCorruptedException if the header or a record is damaged (anything but a torn last record)
     */
    public static RecordLog open(Path file) throws IOException {
        return open(file, new SecureRandom());
    }

    /** As {@link #open(Path)}, drawing a new log's store id from {@code random}. */
    public static RecordLog open(Path file, SecureRandom random) throws IOException {
        Path target = resolve(file);
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        if (!LOCKS_HELD_IN_THIS_JVM.add(lockFile)) {
            throw new StoreLockedException(target, "another writer in this process");
        }
        FileChannel lockChannel = null;
        FileChannel channel = null;
        try {
            lockChannel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    ownerOnly());
            FileLock lock = tryLock(lockChannel, target);
            // Left over only if a creation or rewrite crashed before its rename; the log itself is whole.
            Files.deleteIfExists(temporaryFile(target));
            if (Files.notExists(target)) {
                create(target, random);
            }
            channel = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE);
            byte[] storeId = new RecordScanner(channel).readStoreId(target);
            RecordLog log = new RecordLog(target, lockFile, lockChannel, lock, channel, storeId);
            log.recover();
            return log;
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(channel, e);
            closeQuietly(lockChannel, e);
            LOCKS_HELD_IN_THIS_JVM.remove(lockFile);
            throw e;
        }
    }

    /**
     * Appends one record and forces it to disk.
     *
     * @param payload at most {@link #MAX_PAYLOAD_LENGTH} bytes, stored as given
     * @return the 0-based number of the record, returned only once the record is durable
     * @throws IllegalArgumentException if the payload is over the limit (nothing is written)
     * @throws IOException if the write or the flush failed; the log then refuses further
     *     appends, because after a failed flush the state of the file is unknown until it
     *     is reopened and scanned
     */
    public synchronized long append(byte[] payload) throws IOException {
        LogFormat.checkPayloadLength(payload.length);
        checkUsable();
        if (count == MAX_RECORDS) {
            throw new IOException(file + ": record log is full (" + count + " records)");
        }
        ByteBuffer record = ByteBuffer.wrap(LogFormat.encodeRecord(payload));
        try {
            long at = end;
            while (record.hasRemaining()) {
                at += channel.write(record, at);
            }
            channel.force(true);
        } catch (IOException e) {
            failed = true;
            // Best effort so a tail reader is not left looking at a half record until the next open.
            try {
                channel.truncate(end);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        remember(end);
        end += record.capacity();
        return count - 1;
    }

    /**
     * Reads one record, checking its CRC again on the bytes returned.
     *
     * @throws IndexOutOfBoundsException if no record has that number
     * @throws StoreCorruptedException if the record no longer matches its CRC
     */
    public synchronized LogRecord read(long recordNumber) throws IOException {
        checkOpen();
        if (recordNumber < 0 || recordNumber >= count) {
            throw new IndexOutOfBoundsException("record " + recordNumber + " of " + count + " in " + file);
        }
        long offset = offsets[(int) recordNumber];
        byte[] payload = scanner.readPayload(offset, end);
        if (payload == null) {
            throw StoreCorruptedException.changedSinceOpen(file, recordNumber, offset);
        }
        return new LogRecord(recordNumber, payload);
    }

    /** Reads every record in order; see {@link #read(long)}. */
    public synchronized List<LogRecord> readAll() throws IOException {
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(read(i));
        }
        return records;
    }

    /** Makes the records of a rewritten log, which may depend on its new store id (see {@link #rewrite}). */
    @FunctionalInterface
    public interface Rewrite {
        /** The payloads of the new log in order: payload i becomes record number i. */
        List<byte[]> payloads(byte[] newStoreId) throws IOException;
    }

    /**
     * Replaces every record by those {@code rewrite} makes, under a new random store id, atomically: the new
     * log is written and forced in a temporary file next to this one and renamed over it, so after a crash
     * the file holds either all the old records or all the new ones. Used to compact a log whose later
     * records supersede earlier ones. Not for a log that others follow with {@link RecordLogTail}: they keep
     * reading the old file.
     *
     * @throws IOException if the new log could not be written; until the rename the old log is untouched
     *     and stays usable, after it (only if reopening the new file fails) the log refuses appends
     */
    public synchronized void rewrite(Rewrite rewrite, SecureRandom random) throws IOException {
        checkUsable();
        byte[] newStoreId = new byte[LogFormat.STORE_ID_LENGTH];
        random.nextBytes(newStoreId);
        List<byte[]> payloads = rewrite.payloads(newStoreId.clone());
        if (payloads.size() > MAX_RECORDS) {
            throw new IOException(file + ": a rewrite of " + payloads.size() + " records is too large");
        }
        writeAndRename(file, newStoreId, payloads);
        long before = count;
        FileChannel old = channel;
        try {
            forceDirectory(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            scanner = new RecordScanner(channel);
            storeId = scanner.readStoreId(file);
            count = 0;
            recover();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            old.close();
        }
        LOG.info("{}: rewrote {} records as {}", file, before, count);
    }

    /** The 16 random bytes that name this log (the session id of envelopes sealed into it). */
    public synchronized byte[] storeId() {
        return storeId.clone();
    }

    /** Number of records, which is also the number the next append will get. */
    public synchronized long size() {
        return count;
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /** Releases the lock and the file. Appends already returned are durable; closing adds nothing to that. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        FileChannel current = channel;
        try (lockChannel; current) {
            lock.release();
        } finally {
            LOCKS_HELD_IN_THIS_JVM.remove(lockFile);
        }
    }

    private void recover() throws IOException {
        long size = channel.size();
        long position = LogFormat.HEADER_LENGTH;
        while (position < size) {
            RecordScanner.Probe probe = scanner.probe(position, size);
            if (probe.status() == RecordScanner.Status.VALID) {
                remember(position);
                position = probe.end();
                continue;
            }
            String damage = scanner.damageFrom(probe, size);
            if (damage != null) {
                throw StoreCorruptedException.inRecord(file, count, position, damage);
            }
            channel.truncate(position);
            channel.force(true);
            scanner.invalidate();
            LOG.warn("{}: cut a torn last record at byte offset {} (record {}, {}): dropped {} bytes",
                    file, position, count, probe.status() == RecordScanner.Status.INVALID ? "zero bytes" : probe.problem(),
                    size - position);
            break;
        }
        end = position;
        LOG.debug("{}: opened with {} records, {} bytes", file, count, end);
    }

    private void remember(long offset) throws IOException {
        if (count == MAX_RECORDS) {
            throw new IOException(file + ": record log is full (" + count + " records)");
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, (int) Math.min(MAX_RECORDS, 2L * count));
        }
        offsets[count++] = offset;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("record log " + file + " is closed");
        }
    }

    private void checkUsable() throws IOException {
        checkOpen();
        if (failed) {
            throw new IOException(file + ": an earlier append failed; reopen the log to recover it");
        }
    }

    /** Resolves symbolic links so every writer of one file agrees on the lock file next to it. */
    private static Path resolve(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute)) {
            return absolute.toRealPath();
        }
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException(file + ": directory " + parent + " does not exist");
        }
        return parent.toRealPath().resolve(absolute.getFileName());
    }

    private static FileLock tryLock(FileChannel lockChannel, Path file) throws IOException {
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new StoreLockedException(file, "another process");
        }
        return lock;
    }

    /** Creates a log holding only its header (see {@link #writeAndRename}). */
    private static void create(Path file, SecureRandom random) throws IOException {
        byte[] storeId = new byte[LogFormat.STORE_ID_LENGTH];
        random.nextBytes(storeId);
        writeAndRename(file, storeId, List.of());
        forceDirectory(file.getParent());
        LOG.info("{}: created record log", file);
    }

    /**
     * Writes a whole log (header and records) to a temporary file, forces it and renames it onto {@code file},
     * so after a crash {@code file} is either as before or complete with the new content; the caller forces
     * the directory so the rename survives too. If this throws, {@code file} is as before (the rename is
     * atomic). Only the lock holder calls this, so nothing else writes either name meanwhile.
     */
    private static void writeAndRename(Path file, byte[] storeId, List<byte[]> payloads) throws IOException {
        Path temporary = temporaryFile(file);
        Files.deleteIfExists(temporary);
        try (FileChannel out = FileChannel.open(temporary,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
            writeFully(out, LogFormat.encodeHeader(storeId));
            for (byte[] payload : payloads) {
                LogFormat.checkPayloadLength(payload.length);
                writeFully(out, LogFormat.encodeRecord(payload));
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Where a new log is written before it is renamed into place; it never holds acknowledged data. */
    private static Path temporaryFile(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".new");
    }

    private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        if (!isPosix()) {
            // Windows cannot open a directory as a FileChannel, so there is nothing portable to flush.
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] ownerOnly() {
        return isPosix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static void closeQuietly(FileChannel channel, Throwable failure) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
