package dev.dkg.wire;

import java.util.Objects;

/**
 * One frame as read from or written to the wire: its type and its body. The body array is shared, not
 * copied (frames are large and short-lived); whoever owns the frame owns the array.
 */
public record Frame(FrameType type, byte[] body) {
    public Frame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
    }
}
