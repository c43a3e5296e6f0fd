package dev.dkg.otp.protocol;

/** The distributor answered a request with a {@link OtpResponse.Failure}; the channel is still usable. */
public final class OtpRequestException extends Exception {
    private final OtpStatus status;
    private final String reason;

    public OtpRequestException(OtpStatus status, String reason) {
        super(status.label() + (reason.isEmpty() ? "" : ": " + reason));
        this.status = status;
        this.reason = reason;
    }

    public OtpStatus status() {
        return status;
    }

    /** The distributor's short reason, as sent. */
    public String reason() {
        return reason;
    }
}
