package dev.dkg.otp.protocol;

import dev.dkg.wire.WireFormatException;

/**
 * The status byte every OTP response starts with: 0 in a successful response, one of the others in a
 * {@link OtpResponse.Failure}. A failure answers one request; the channel stays open.
 */
public enum OtpStatus {
    OK(0),
    /** The request body did not decode (bad key id, unknown mode, trailing bytes). */
    BAD_REQUEST(1),
    /** The ACL grants this requester no such operation on this key (or no operation at all). */
    DENIED(2),
    /** The ACL would allow it, but the distributor has no key with this id. */
    UNKNOWN_KEY(3),
    /** The code is not a string of exactly the key's number of ASCII digits. */
    MALFORMED_CODE(4),
    /** The distributor could not complete the request (its state could not be saved). */
    SERVER_ERROR(5),
    /** An administrator disabled the key: no code is issued, accepted or enrolled until it is enabled. */
    DISABLED(6);

    private final int code;

    OtpStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static OtpStatus fromCode(int code) throws WireFormatException {
        for (OtpStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new WireFormatException("status " + code + " is not defined");
    }

    /** Lower-case words for output, e.g. "unknown key". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
