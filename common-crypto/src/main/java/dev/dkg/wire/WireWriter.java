package dev.dkg.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a message body field by field in the wire encodings: big-endian unsigned integers, fixed-length
 * bytes, u32-length-prefixed bytes and u16-length-prefixed UTF-8 strings. Values out of a field's range
 * are refused, so everything written decodes with {@link WireReader}.
 *
 * <p>Bodies may hold secrets: the buffer is wiped whenever it grows, and {@link #wipe()} clears it, so
 * after {@code toByteArray()} and {@code wipe()} the only copy is the one returned.
 */
public final class WireWriter {
    private byte[] buf;
    private int size;

    public WireWriter() {
        this(64);
    }

    public WireWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public WireWriter u8(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("u8 out of range: " + value);
        }
        ensure(1);
        buf[size++] = (byte) value;
        return this;
    }

    public WireWriter u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("u16 out of range: " + value);
        }
        ensure(2);
        buf[size++] = (byte) (value >>> 8);
        buf[size++] = (byte) value;
        return this;
    }

    public WireWriter u32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("u32 out of range: " + value);
        }
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** All 64 bits of {@code value}, as an unsigned big-endian integer. */
    public WireWriter u64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** The bytes as they are, with no length: the reader must know the length. */
    public WireWriter bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    public WireWriter bytes(byte[] value, int offset, int length) {
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + value.length);
        }
        ensure(length);
        System.arraycopy(value, offset, buf, size, length);
        size += length;
        return this;
    }

    /** A u32 length followed by the bytes. */
    public WireWriter varBytes(byte[] value) {
        u32(value.length);
        return bytes(value);
    }

    /** A u16 length followed by the UTF-8 encoding; refuses strings that are not valid Unicode. */
    public WireWriter string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (!new String(utf8, StandardCharsets.UTF_8).equals(value)) {
            throw new IllegalArgumentException("string is not valid Unicode (unpaired surrogate)");
        }
        u16(utf8.length);
        return bytes(utf8);
    }

    /** A list's element count as a u8; the elements follow. */
    public WireWriter count8(int count) {
        return u8(count);
    }

    /** A list's element count as a u16; the elements follow. */
    public WireWriter count16(int count) {
        return u16(count);
    }

    public int size() {
        return size;
    }

    /** A copy of what has been written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Clears the internal buffer; the writer is empty afterwards. */
    public void wipe() {
        Arrays.fill(buf, (byte) 0);
        size = 0;
    }

    private void ensure(int more) {
        if (more > Integer.MAX_VALUE - 16 - size) {
            throw new IllegalStateException("message too large");
        }
        int needed = size + more;
        if (needed > buf.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(needed, 2L * buf.length));
            byte[] grown = Arrays.copyOf(buf, capacity);
            Arrays.fill(buf, (byte) 0);
            buf = grown;
        }
    }
}
