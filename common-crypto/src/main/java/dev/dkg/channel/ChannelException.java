package dev.dkg.channel;

import dev.dkg.wire.ErrorCode;
import java.io.IOException;

/**
 * The channel was closed because the peer misbehaved or a check failed. The message is the precise local
 * reason (for logs); the peer was told only {@link #code()}, unless it had already gone.
 */
public class ChannelException extends IOException {
    private final ErrorCode code;

    public ChannelException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ChannelException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The category of failure, as sent (or received) in the ERROR frame. */
    public ErrorCode code() {
        return code;
    }
}
