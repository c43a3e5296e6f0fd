package dev.dkg.otp.distributor;

import java.io.IOException;
import java.util.function.Function;

/**
 * Where {@link OtpVerifier} keeps each key's {@link VerificationState}.
 *
 * <p>Contract the verifier relies on: when {@link #save} or {@link #update} returns, the state survives a
 * crash (the verifier reports a code as accepted, or hands out an HOTP code, only after that). {@link #load}
 * returns the last saved state. Calls for one key from one verifier never overlap (the verifier serialises
 * them), calls for different keys may.
 *
 * <p>{@link #update} is the one a verification goes through: read, decide, write as one step. The default
 * does it with {@link #load} and {@link #save}, which is atomic because the verifier serialises each key; a
 * store shared by several distributors ({@link DatabaseVerificationStateStore}) overrides it with a database
 * transaction, since another process's verifier does not take our locks.
 */
public interface VerificationStateStore {
    /** The key's last saved state, or {@link VerificationState#INITIAL} if none was ever saved. */
    VerificationState load(String keyId) throws IOException;

    /** Durably records the key's new state. */
    void save(String keyId, VerificationState state) throws IOException;

    /** What a {@link #update} decided: the state to save (null: leave it as it is) and the result to return. */
    record Transition<T>(VerificationState next, T result) {}

    /**
     * Reads the key's state, lets {@code decide} choose the next one, saves it, and returns the decision's
     * result, as one atomic step: no other update of this key (by any distributor sharing the store) reads
     * the state between our read and our save. The saved state is durable when this returns.
     *
     * @throws IOException if the state cannot be read or saved; nothing was saved then, and the result must
     *     not be acted on
     */
    default <T> T update(String keyId, Function<VerificationState, Transition<T>> decide) throws IOException {
        Transition<T> t = decide.apply(load(keyId));
        if (t.next() != null) {
            save(keyId, t.next());
        }
        return t.result();
    }
}
