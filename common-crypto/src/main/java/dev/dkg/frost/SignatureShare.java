package dev.dkg.frost;

import java.math.BigInteger;

/**
 * Signer {@code identifier}'s round-two output z_i (RFC 9591 section 5.2). Encoded as SerializeScalar(z_i),
 * 32 bytes; the identifier travels with the message that carries it.
 */
public record SignatureShare(Ciphersuite suite, int identifier, BigInteger value) {
    public SignatureShare {
        Ciphersuite.identifier(identifier);
        if (value.signum() < 0 || value.compareTo(suite.order()) >= 0) {
            throw new IllegalArgumentException("a signature share is a scalar in [0, q-1]");
        }
    }

    public byte[] toBytes() {
        return suite.serializeScalar(value);
    }

    public static SignatureShare fromBytes(Ciphersuite suite, int identifier, byte[] bytes) {
        return new SignatureShare(suite, identifier, suite.deserializeScalar(bytes));
    }
}
