package dev.dkg.otp.distributor;

import java.io.IOException;

/**
 * Where {@link OtpVerifier} keeps each key's {@link VerificationState}.
 *
 * <p>Contract the verifier relies on: when {@link #save} returns, the state survives a crash (the
 * verifier reports a code as accepted, or hands out an HOTP code, only after that). {@link #load}
 * returns the last saved state. Calls for one key never overlap (the verifier serialises them), calls
 * for different keys may.
 */
public interface VerificationStateStore {
    /** The key's last saved state, or {@link VerificationState#INITIAL} if none was ever saved. */
    VerificationState load(String keyId) throws IOException;

    /** Durably records the key's new state. */
    void save(String keyId, VerificationState state) throws IOException;
}
