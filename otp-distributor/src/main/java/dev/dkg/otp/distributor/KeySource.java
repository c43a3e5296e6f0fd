package dev.dkg.otp.distributor;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/**
 * Where the distributor finds its keys: which exist, their public facts, and each key's OTP secret.
 * {@link KeyStoreKeySource} reads them from the keygen server's key_store; {@link InMemoryKeySource} holds
 * them in memory for tests.
 *
 * <p>Contract: {@link #keys()} and {@link #find} see exactly the keys picked up so far; a key, once seen,
 * never changes or disappears; {@link #refresh()} adds keys written since and may be called from any
 * thread; {@link #otpSecret} returns a fresh copy every call, which the caller wipes.
 */
public interface KeySource extends AutoCloseable {
    /** Every key picked up so far, in the order the store holds them. */
    List<KeyInfo> keys();

    /** The key with this id, if it has been picked up. */
    Optional<KeyInfo> find(String keyId);

    /** A fresh copy of the key's OTP secret (at least 16 bytes), or empty for an unknown key. */
    Optional<byte[]> otpSecret(String keyId);

    /**
     * Reads keys written since the last refresh and returns them (empty if none). The keys already picked
     * up stay usable whatever this throws.
     *
     * @throws IOException if the store became unreadable or damaged
     * @throws GeneralSecurityException if a new record does not verify; the store is not trusted past it
     */
    List<KeyInfo> refresh() throws IOException, GeneralSecurityException;

    @Override
    void close() throws IOException;
}
