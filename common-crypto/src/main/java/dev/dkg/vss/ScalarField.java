package dev.dkg.vss;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.util.BigIntegers;

/**
 * Arithmetic in Z_q, q the order of the P-256 group, and the one 32-byte scalar encoding.
 * Every result is reduced to [0, q-1]; nothing here is constant-time (see package-info).
 */
final class ScalarField {
    /** Order of the P-256 base point (SEC 2, secp256r1 n). */
    static final BigInteger ORDER = CurveGroup.ORDER;
    static final int SCALAR_BYTES = 32;

    private ScalarField() {}

    static BigInteger add(BigInteger a, BigInteger b) {
        return a.add(b).mod(ORDER);
    }

    static BigInteger subtract(BigInteger a, BigInteger b) {
        return a.subtract(b).mod(ORDER);
    }

    static BigInteger multiply(BigInteger a, BigInteger b) {
        return a.multiply(b).mod(ORDER);
    }

    /** Multiplicative inverse; q is prime, so only zero has none. */
    static BigInteger inverse(BigInteger a) {
        if (a.mod(ORDER).signum() == 0) {
            throw new ArithmeticException("zero has no inverse in Z_q");
        }
        return a.modInverse(ORDER);
    }

    static BigInteger of(long value) {
        return BigInteger.valueOf(value).mod(ORDER);
    }

    /** Uniform in [0, q-1] by rejection: q is within 2^-32 of 2^256, so a retry is rare. */
    static BigInteger random(SecureRandom random) {
        byte[] buffer = new byte[SCALAR_BYTES];
        while (true) {
            random.nextBytes(buffer);
            BigInteger candidate = new BigInteger(1, buffer);
            if (candidate.compareTo(ORDER) < 0) {
                return candidate;
            }
        }
    }

    /** Uniform in [1, q-1]. */
    static BigInteger randomNonZero(SecureRandom random) {
        while (true) {
            BigInteger candidate = random(random);
            if (candidate.signum() != 0) {
                return candidate;
            }
        }
    }

    /** 32 bytes, big-endian, left-padded with zeros. */
    static byte[] toBytes(BigInteger scalar) {
        return BigIntegers.asUnsignedByteArray(SCALAR_BYTES, scalar);
    }

    /** Reads 32 bytes at {@code offset}; rejects values >= q rather than reducing them (one encoding per scalar). */
    static BigInteger fromBytes(byte[] bytes, int offset) {
        if (offset < 0 || bytes.length - offset < SCALAR_BYTES) {
            throw new IllegalArgumentException("scalar needs 32 bytes");
        }
        BigInteger value = new BigInteger(1, bytes, offset, SCALAR_BYTES);
        if (value.compareTo(ORDER) >= 0) {
            throw new IllegalArgumentException("scalar is not below the group order q");
        }
        return value;
    }
}
