package dev.dkg.crypto;

import java.security.GeneralSecurityException;

/**
 * A sealed envelope was refused. The message gives the precise reason for the local log only; it never
 * contains key or plaintext bytes. Peers are told no more than a generic error code.
 */
public class EnvelopeException extends GeneralSecurityException {
    public EnvelopeException(String message) {
        super(message);
    }

    public EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
