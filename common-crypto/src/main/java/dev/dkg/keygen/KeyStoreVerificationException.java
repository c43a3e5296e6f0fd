package dev.dkg.keygen;

import java.security.GeneralSecurityException;

/**
 * A key_store record did not verify: a signer certificate our CA did not issue to a keygen server, a record
 * whose signature, envelope or contents do not check out. The store must not be trusted past this record.
 */
public final class KeyStoreVerificationException extends GeneralSecurityException {
    public KeyStoreVerificationException(String message) {
        super(message);
    }

    public KeyStoreVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
