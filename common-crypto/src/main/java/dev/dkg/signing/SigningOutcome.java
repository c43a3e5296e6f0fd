package dev.dkg.signing;

import dev.dkg.wire.WireFormatException;

/** How a signing request ended; the u8 code is on the wire (SESSION_ENDED and SIGN_RESULT). */
public enum SigningOutcome {
    SIGNED(0, "signed"),
    BAD_SHARE(1, "sent a signature share that does not verify"),
    DECLINED(2, "declined to sign"),
    NO_ANSWER(3, "did not answer in time or disconnected"),
    PROTOCOL_VIOLATION(4, "broke the protocol"),
    SIGNERS_MISSING(5, "not connected as a signer in time"),
    NOT_AUTHORISED(6, "the signing ACL does not allow this requester to sign with this key"),
    UNKNOWN_KEY(7, "no such threshold key, a named signer does not hold it, or fewer signers named than it needs"),
    COORDINATOR_FAILURE(8, "the Coordinator could not complete the signature");

    private final int code;
    private final String description;

    SigningOutcome(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Whether the request was refused before any signer was asked (exit 3), rather than aborted (exit 1). */
    public boolean refused() {
        return this == NOT_AUTHORISED || this == UNKNOWN_KEY;
    }

    static SigningOutcome of(int code) throws WireFormatException {
        for (SigningOutcome o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        throw new WireFormatException("unknown signing outcome " + code);
    }
}
