package dev.dkg.otp.protocol;

import dev.dkg.wire.WireFormatException;

/** Which kind of one-time password a request is about: time-based (RFC 6238) or counter-based (RFC 4226). */
public enum OtpMode {
    TOTP(1),
    HOTP(2);

    private final int code;

    OtpMode(int code) {
        this.code = code;
    }

    /** The value of the {@code mode} byte on the wire. */
    public int code() {
        return code;
    }

    static OtpMode fromCode(int code) throws WireFormatException {
        for (OtpMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        throw new WireFormatException("mode " + code + " is neither 1 (totp) nor 2 (hotp)");
    }

    /** Lower-case name for logs and output. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
