package dev.dkg.frost;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A DKG participant's Schnorr proof (R, mu) that it knows the constant a_i0 of its polynomial
 * (FROST paper, figure 1, round 1 step 2). Encoded SerializeElement(R) || SerializeScalar(mu), Ne + 32 bytes.
 * See {@link PedersenDkg#challenge} for what it is bound to.
 */
public record ProofOfKnowledge(Element r, BigInteger mu) {
    public ProofOfKnowledge {
        if (mu.signum() < 0 || mu.compareTo(r.suite().order()) >= 0) {
            throw new IllegalArgumentException("mu is a scalar in [0, q-1]");
        }
    }

    public static int encodedBytes(Ciphersuite suite) {
        return suite.elementBytes() + Ciphersuite.SCALAR_BYTES;
    }

    public byte[] toBytes() {
        byte[] rBytes = r.toBytes();
        byte[] out = Arrays.copyOf(rBytes, rBytes.length + Ciphersuite.SCALAR_BYTES);
        System.arraycopy(r.suite().serializeScalar(mu), 0, out, rBytes.length, Ciphersuite.SCALAR_BYTES);
        return out;
    }

    public static ProofOfKnowledge fromBytes(Ciphersuite suite, byte[] bytes) {
        if (bytes.length != encodedBytes(suite)) {
            throw new InvalidEncodingException("a " + suite.scheme() + " proof of knowledge is "
                    + encodedBytes(suite) + " bytes, not " + bytes.length);
        }
        int ne = suite.elementBytes();
        return new ProofOfKnowledge(suite.deserializeElement(Arrays.copyOfRange(bytes, 0, ne)),
                suite.deserializeScalar(Arrays.copyOfRange(bytes, ne, bytes.length)));
    }
}
