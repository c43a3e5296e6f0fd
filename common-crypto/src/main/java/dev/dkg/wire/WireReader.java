package dev.dkg.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a message body field by field, the inverse of {@link WireWriter}.
 *
 * <p>Guarantee: every length is checked against what remains (and against the caller's maximum) before
 * anything is allocated; malformed UTF-8 is rejected rather than replaced; {@link #finish()} rejects
 * trailing bytes. Each read names its field so the {@link WireFormatException} says exactly what was wrong
 * and where.
 */
public final class WireReader {
    private final byte[] data;
    private final int end;
    private int pos;

    public WireReader(byte[] data) {
        this(data, 0, data.length);
    }

    public WireReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + data.length);
        }
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    public int u8(String field) throws WireFormatException {
        need(1, field);
        return data[pos++] & 0xFF;
    }

    public int u16(String field) throws WireFormatException {
        need(2, field);
        int v = (data[pos] & 0xFF) << 8 | data[pos + 1] & 0xFF;
        pos += 2;
        return v;
    }

    public long u32(String field) throws WireFormatException {
        need(4, field);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = v << 8 | data[pos++] & 0xFF;
        }
        return v;
    }

    /** The 64 bits as a long; values of 2^63 and above come back negative, for the caller to reject. */
    public long u64(String field) throws WireFormatException {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | data[pos++] & 0xFF;
        }
        return v;
    }

    /** Exactly {@code length} bytes. */
    public byte[] bytes(int length, String field) throws WireFormatException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        need(length, field);
        byte[] v = Arrays.copyOfRange(data, pos, pos + length);
        pos += length;
        return v;
    }

    /** Moves past {@code length} bytes without copying them. */
    public void skip(int length, String field) throws WireFormatException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        need(length, field);
        pos += length;
    }

    /** A u32 length (at most {@code maxLength}) followed by that many bytes. */
    public byte[] varBytes(int maxLength, String field) throws WireFormatException {
        long length = u32(field + " length");
        checkLength(length, maxLength, field);
        return bytes((int) length, field);
    }

    /** A u16 length (at most {@code maxLength}) followed by that many bytes. */
    public byte[] shortBytes(int maxLength, String field) throws WireFormatException {
        int length = u16(field + " length");
        checkLength(length, maxLength, field);
        return bytes(length, field);
    }

    /** A u16 length (at most {@code maxBytes}) followed by that many bytes of well-formed UTF-8. */
    public String string(int maxBytes, String field) throws WireFormatException {
        int length = u16(field + " length");
        checkLength(length, maxBytes, field);
        need(length, field);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            // The JDK decoder rejects overlong forms, encoded surrogates and code points above U+10FFFF,
            // so every accepted string has exactly one encoding.
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(data, pos, length));
            pos += length;
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new WireFormatException(field + " at offset " + pos + " is not well-formed UTF-8");
        }
    }

    /** A u8 list count that must lie in {@code [min, max]}. */
    public int count8(int min, int max, String field) throws WireFormatException {
        return checkCount(u8(field + " count"), min, max, field);
    }

    /** A u16 list count that must lie in {@code [min, max]}. */
    public int count16(int min, int max, String field) throws WireFormatException {
        return checkCount(u16(field + " count"), min, max, field);
    }

    /** Offset of the next byte to read, in the underlying array. */
    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    /** Throws unless every byte has been read. */
    public void finish() throws WireFormatException {
        if (pos != end) {
            throw new WireFormatException((end - pos) + " trailing bytes after the last field");
        }
    }

    private void need(int n, String field) throws WireFormatException {
        if (n > end - pos) {
            throw new WireFormatException("truncated: " + field + " needs " + n + " bytes at offset " + pos
                    + ", " + (end - pos) + " left");
        }
    }

    private void checkLength(long length, int max, String field) throws WireFormatException {
        if (length > max) {
            throw new WireFormatException(field + " length " + length + " exceeds the limit of " + max);
        }
        if (length > end - pos) {
            throw new WireFormatException("truncated: " + field + " declares " + length + " bytes at offset " + pos
                    + ", " + (end - pos) + " left");
        }
    }

    private static int checkCount(int count, int min, int max, String field) throws WireFormatException {
        if (count < min || count > max) {
            throw new WireFormatException(field + " count " + count + " outside " + min + ".." + max);
        }
        return count;
    }
}
