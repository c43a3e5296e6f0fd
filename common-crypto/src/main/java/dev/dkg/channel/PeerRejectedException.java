package dev.dkg.channel;

import dev.dkg.wire.ErrorCode;

/** The peer sent an ERROR frame and closed: it refused us, and {@link #code()} says in which category. */
public final class PeerRejectedException extends ChannelException {
    private final int rawCode;

    public PeerRejectedException(int rawCode, String peer) {
        super(ErrorCode.fromCode(rawCode), peer + " refused the connection: " + describe(rawCode));
        this.rawCode = rawCode;
    }

    /** The u16 exactly as received, which may be a code this version does not know. */
    public int rawCode() {
        return rawCode;
    }

    private static String describe(int raw) {
        ErrorCode c = ErrorCode.fromCode(raw);
        String name = switch (c) {
            case PROTOCOL -> "protocol error";
            case AUTHENTICATION -> "authentication failed";
            case NOT_AUTHORISED -> "not authorised";
            case BUSY -> "server busy";
            case TIMEOUT -> "timed out";
        };
        return c.code() == raw ? name + " (code " + raw + ")" : "unknown error code " + raw;
    }
}
