package dev.dkg.wire;

import java.io.IOException;

/**
 * Input that does not follow the wire format exactly: truncated, over a limit, an unknown type, a
 * non-canonical encoding or trailing bytes. The message says precisely what and where, for local logs;
 * it never contains the offending bytes.
 */
public class WireFormatException extends IOException {
    public WireFormatException(String message) {
        super(message);
    }
}
