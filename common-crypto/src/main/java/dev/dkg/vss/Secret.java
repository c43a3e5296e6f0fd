package dev.dkg.vss;

import java.math.BigInteger;
import java.security.MessageDigest;

/**
 * The shared secret: a scalar in [1, q-1], q the P-256 group order. {@link #toBytes()} is the one door to
 * its value; {@link #toString()} never shows it.
 *
 * <p>Encoding: 32 bytes, big-endian; zero and values >= q are rejected.
 */
public final class Secret {
    private final BigInteger value;

    Secret(BigInteger value) {
        if (value.signum() <= 0 || value.compareTo(ScalarField.ORDER) >= 0) {
            throw new IllegalArgumentException("a secret must be in [1, q-1]");
        }
        this.value = value;
    }

    BigInteger value() {
        return value;
    }

    /** The secret's 32-byte encoding, e.g. as HKDF input; the caller should wipe it after use. */
    public byte[] toBytes() {
        return ScalarField.toBytes(value);
    }

    public static Secret fromBytes(byte[] bytes) {
        if (bytes.length != ScalarField.SCALAR_BYTES) {
            throw new IllegalArgumentException("a secret is 32 bytes, not " + bytes.length);
        }
        BigInteger value = ScalarField.fromBytes(bytes, 0);
        if (value.signum() == 0) {
            throw new IllegalArgumentException("a secret must not be zero");
        }
        return new Secret(value);
    }

    /** s·G, which the commitments carry as C_0. */
    public CurvePoint publicPoint() {
        return CurvePoint.of(CurveGroup.baseTimes(value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(toBytes(), other.toBytes());
    }

    /** Constant: secrets are not meant as hash keys, and nothing derived from the value should leak. */
    @Override
    public int hashCode() {
        return Secret.class.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
