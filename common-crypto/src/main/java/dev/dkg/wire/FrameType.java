package dev.dkg.wire;

/** The type byte of a frame; any other value on the wire is rejected. */
public enum FrameType {
    /** Client to server, first handshake message. */
    HELLO(1),
    /** Server to client, second handshake message. */
    HELLO_REPLY(2),
    /** Client to server, third and last handshake message. */
    AUTH(3),
    /** A sealed envelope carrying one application message, after the handshake. */
    SEALED(4),
    /** A generic error code; the sender closes the connection after it. */
    ERROR(5);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The value of the type byte on the wire. */
    public int code() {
        return code;
    }

    /** The type for a type byte; throws for any value that is not a known type. */
    public static FrameType fromCode(int code) throws WireFormatException {
        for (FrameType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new WireFormatException(String.format("unknown frame type 0x%02x", code));
    }
}
