package dev.dkg.frost;

import java.math.BigInteger;

/**
 * Participant {@code identifier}'s share sk_i of a group secret (RFC 9591: the participant's signing key
 * share). Encoded as SerializeScalar(value) alone; the identifier travels separately. {@link #toString()}
 * never shows the value.
 */
public record SecretShare(Ciphersuite suite, int identifier, BigInteger value) {
    public SecretShare {
        Ciphersuite.identifier(identifier);
        if (value.signum() < 0 || value.compareTo(suite.order()) >= 0) {
            throw new IllegalArgumentException("a share is a scalar in [0, q-1]");
        }
    }

    /** Decodes SerializeScalar(value) strictly. */
    public static SecretShare fromBytes(Ciphersuite suite, int identifier, byte[] bytes) {
        return new SecretShare(suite, identifier, suite.deserializeScalar(bytes));
    }

    /** SerializeScalar(value): secret bytes, for sealing only; the caller wipes them. */
    public byte[] toBytes() {
        return suite.serializeScalar(value);
    }

    /** The verification share PK_i = sk_i·G. */
    public Element verificationShare() {
        return suite.baseMultiply(value);
    }

    @Override
    public String toString() {
        return "SecretShare[" + suite.scheme() + ", identifier=" + identifier + ", value=(secret)]";
    }
}
