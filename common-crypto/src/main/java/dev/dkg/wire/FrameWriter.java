package dev.dkg.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes frames {@code u32 length | u8 type | body}, each with a single write and a flush, refusing bodies
 * that a reader with the same limit would reject. Not thread-safe: callers that share a stream serialise
 * their writes.
 */
public final class FrameWriter {
    private final OutputStream out;
    private final int maxLength;

    public FrameWriter(OutputStream out) {
        this(out, FrameReader.DEFAULT_MAX_LENGTH);
    }

    public FrameWriter(OutputStream out, int maxLength) {
        this.out = Objects.requireNonNull(out, "out");
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum frame length must be at least 1, not " + maxLength);
        }
        this.maxLength = maxLength;
    }

    public void write(FrameType type, byte[] body) throws IOException {
        if (body.length > maxLength - 1) {
            throw new WireFormatException(type + " body of " + body.length + " bytes exceeds the frame limit of "
                    + maxLength);
        }
        out.write(encode(type, body));
        out.flush();
    }

    /** The complete encoding of one frame; no limit other than the u32 length field applies. */
    public static byte[] encode(FrameType type, byte[] body) {
        if (body.length > Integer.MAX_VALUE - 5) {
            throw new IllegalArgumentException("frame body too large");
        }
        int length = body.length + 1;
        byte[] frame = new byte[4 + length];
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        frame[4] = (byte) type.code();
        System.arraycopy(body, 0, frame, 5, body.length);
        return frame;
    }
}
