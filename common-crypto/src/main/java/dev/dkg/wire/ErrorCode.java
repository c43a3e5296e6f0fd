package dev.dkg.wire;

/**
 * The only thing an ERROR frame tells a peer: a u16 code from this list, no detail. The precise reason
 * stays in the local log, so a probing peer learns no more than the category.
 */
public enum ErrorCode {
    /** Malformed or unexpected frame, unsupported version, bad sequence. Also stands for unknown codes. */
    PROTOCOL(1),
    /** A certificate, signature or envelope did not verify. */
    AUTHENTICATION(2),
    /** Authenticated, but this role or name is not allowed here. */
    NOT_AUTHORISED(3),
    /** The server is at its connection limit. */
    BUSY(4),
    /** The handshake deadline or the idle timeout passed. */
    TIMEOUT(5);

    /** Length of an ERROR frame body: exactly one u16. */
    public static final int BODY_LENGTH = 2;

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The named code, or {@link #PROTOCOL} for a code this version does not know. */
    public static ErrorCode fromCode(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return PROTOCOL;
    }

    /** The ERROR frame body for this code. */
    public byte[] body() {
        return new byte[] {(byte) (code >>> 8), (byte) code};
    }

    /** The raw u16 code of an ERROR frame body, which must be exactly two bytes. */
    public static int decodeBody(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        int code = r.u16("error code");
        r.finish();
        return code;
    }
}
