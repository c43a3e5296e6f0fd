package dev.dkg.frost;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Schnorr signature (R, z) (RFC 9591 appendix A): encoded SerializeElement(R) || SerializeScalar(z),
 * 64 bytes for Ed25519 (an RFC 8032 signature), 65 for secp256k1 and P-256.
 */
public record Signature(Element commitment, BigInteger z) {
    public Signature {
        if (z.signum() < 0 || z.compareTo(commitment.suite().order()) >= 0) {
            throw new IllegalArgumentException("z is a scalar in [0, q-1]");
        }
    }

    public Ciphersuite suite() {
        return commitment.suite();
    }

    public static int encodedBytes(Ciphersuite suite) {
        return suite.elementBytes() + Ciphersuite.SCALAR_BYTES;
    }

    public byte[] toBytes() {
        byte[] r = commitment.toBytes();
        byte[] out = Arrays.copyOf(r, r.length + Ciphersuite.SCALAR_BYTES);
        System.arraycopy(suite().serializeScalar(z), 0, out, r.length, Ciphersuite.SCALAR_BYTES);
        return out;
    }

    /** Strict decoding: exact length, R a valid element (not the identity), z below q. */
    public static Signature fromBytes(Ciphersuite suite, byte[] bytes) {
        if (bytes.length != encodedBytes(suite)) {
            throw new InvalidEncodingException("a " + suite.scheme() + " signature is " + encodedBytes(suite)
                    + " bytes, not " + bytes.length);
        }
        int ne = suite.elementBytes();
        Element r = suite.deserializeElement(Arrays.copyOfRange(bytes, 0, ne));
        BigInteger z = suite.deserializeScalar(Arrays.copyOfRange(bytes, ne, bytes.length));
        return new Signature(r, z);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toBytes());
    }
}
