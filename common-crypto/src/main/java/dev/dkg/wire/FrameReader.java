package dev.dkg.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads frames {@code u32 length | u8 type | body} (length = 1 + body length, big-endian) from a stream.
 *
 * <p>Guarantee: the declared length is checked against the limit, and the type byte against the known
 * types, before anything is allocated for the body, so a peer cannot make the reader allocate more than
 * the limit. A stream that ends exactly at a frame boundary gives {@link EOFException}; every other
 * malformation gives a {@link WireFormatException} saying what was wrong. Not thread-safe.
 */
public final class FrameReader {
    /** Default limit on the length field: 1 MiB. */
    public static final int DEFAULT_MAX_LENGTH = 1 << 20;

    private final InputStream in;
    private final int maxLength;

    public FrameReader(InputStream in) {
        this(in, DEFAULT_MAX_LENGTH);
    }

    /** {@code maxLength} bounds the length field (type byte + body), at least 1. */
    public FrameReader(InputStream in, int maxLength) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum frame length must be at least 1, not " + maxLength);
        }
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /**
     * The next frame. Throws {@link EOFException} if the stream ends before the first byte of a frame,
     * {@link WireFormatException} if it ends inside one or the frame is malformed.
     */
    public Frame read() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("end of stream at a frame boundary");
        }
        long length = (long) first << 24;
        for (int i = 1; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw new WireFormatException("truncated frame header: stream ended after " + i + " of 4 length bytes");
            }
            length |= (long) b << (8 * (3 - i));
        }
        if (length == 0) {
            throw new WireFormatException("frame length 0: a frame has at least its type byte");
        }
        if (length > maxLength) {
            throw new WireFormatException("frame length " + length + " exceeds the limit of " + maxLength);
        }
        int typeByte = in.read();
        if (typeByte < 0) {
            throw new WireFormatException("truncated frame: stream ended before the type byte (length " + length + ")");
        }
        FrameType type = FrameType.fromCode(typeByte);
        int bodyLength = (int) length - 1;
        // readNBytes grows its buffer with the bytes that actually arrive, so a peer that declares a large
        // body and then stalls or disconnects holds no more memory than it sent.
        byte[] body = in.readNBytes(bodyLength);
        if (body.length != bodyLength) {
            throw new WireFormatException("truncated frame body: " + type + " declared " + bodyLength
                    + " body bytes, stream ended after " + body.length);
        }
        return new Frame(type, body);
    }
}
