package dev.dkg.frost;

import java.math.BigInteger;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A signer's secret nonce pair (d_i, e_i) for ONE signing session, with its public
 * {@link SigningCommitment}. Lives only in memory; {@link Frost#sign} destroys it, so the same nonces can
 * never produce a second signature share (reuse across two messages would reveal the secret share).
 *
 * <p>The nonces are held as byte arrays that {@link #destroy()} overwrites with zeros; the transient
 * {@code BigInteger}s made while signing cannot be wiped (see package-info).
 */
public final class SigningNonces implements Destroyable {
    private final Ciphersuite suite;
    private final byte[] hiding;
    private final byte[] binding;
    private final SigningCommitment commitment;
    private boolean destroyed;

    SigningNonces(Ciphersuite suite, int identifier, BigInteger hiding, BigInteger binding) {
        this.suite = suite;
        this.hiding = suite.serializeScalar(hiding);
        this.binding = suite.serializeScalar(binding);
        this.commitment = new SigningCommitment(identifier, suite.baseMultiply(hiding),
                suite.baseMultiply(binding));
    }

    public SigningCommitment commitment() {
        return commitment;
    }

    /** d_i. */
    BigInteger hiding() {
        requireLive();
        return suite.deserializeScalar(hiding);
    }

    /** e_i. */
    BigInteger binding() {
        requireLive();
        return suite.deserializeScalar(binding);
    }

    /** The nonces' scalar encodings, for the RFC 9591 vector test only (package-private). */
    byte[] hidingBytes() {
        requireLive();
        return hiding.clone();
    }

    byte[] bindingBytes() {
        requireLive();
        return binding.clone();
    }

    private void requireLive() {
        if (destroyed) {
            throw new IllegalStateException("these nonces were used or destroyed; commit again");
        }
    }

    @Override
    public synchronized void destroy() {
        Arrays.fill(hiding, (byte) 0);
        Arrays.fill(binding, (byte) 0);
        destroyed = true;
    }

    @Override
    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "SigningNonces[identifier=" + commitment.identifier() + ", (secret)]";
    }
}
