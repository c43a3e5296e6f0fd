package dev.dkg.frost;

import java.util.Arrays;

/**
 * A signer's round-one output (RFC 9591 section 5.1): its identifier and the commitments D_i = d_i·G
 * (hiding) and E_i = e_i·G (binding) to its two nonces. Public.
 *
 * <p>Encoding, as one entry of encode_group_commitment_list (section 4.3):
 * {@code SerializeScalar(identifier) || SerializeElement(hiding) || SerializeElement(binding)},
 * 32 + 2·Ne bytes (96 for Ed25519, 98 for secp256k1 and P-256).
 */
public record SigningCommitment(int identifier, Element hiding, Element binding) {
    public SigningCommitment {
        Ciphersuite.identifier(identifier);
        hiding.requireSameSuite(binding);
        if (hiding.isIdentity() || binding.isIdentity()) {
            throw new IllegalArgumentException("a nonce commitment cannot be the identity");
        }
    }

    public Ciphersuite suite() {
        return hiding.suite();
    }

    /** Length of the encoding for the suite. */
    public static int encodedBytes(Ciphersuite suite) {
        return Ciphersuite.SCALAR_BYTES + 2 * suite.elementBytes();
    }

    public byte[] toBytes() {
        Ciphersuite suite = suite();
        byte[] out = new byte[encodedBytes(suite)];
        int ne = suite.elementBytes();
        System.arraycopy(suite.serializeIdentifier(identifier), 0, out, 0, 32);
        System.arraycopy(hiding.toBytes(), 0, out, 32, ne);
        System.arraycopy(binding.toBytes(), 0, out, 32 + ne, ne);
        return out;
    }

    /** Decodes exactly {@link #encodedBytes} bytes; the identifier must be in 1..65535, the elements valid. */
    public static SigningCommitment fromBytes(Ciphersuite suite, byte[] bytes) {
        if (bytes.length != encodedBytes(suite)) {
            throw new InvalidEncodingException("a " + suite.scheme() + " signing commitment is "
                    + encodedBytes(suite) + " bytes, not " + bytes.length);
        }
        int ne = suite.elementBytes();
        int identifier = decodeIdentifier(suite, Arrays.copyOfRange(bytes, 0, 32));
        Element hiding = suite.deserializeElement(Arrays.copyOfRange(bytes, 32, 32 + ne));
        Element binding = suite.deserializeElement(Arrays.copyOfRange(bytes, 32 + ne, 32 + 2 * ne));
        return new SigningCommitment(identifier, hiding, binding);
    }

    /** DeserializeScalar, then the range this suite gives identifiers (1..65535). */
    static int decodeIdentifier(Ciphersuite suite, byte[] bytes) {
        java.math.BigInteger value = suite.deserializeScalar(bytes);
        if (value.signum() == 0 || value.bitLength() > 16) {
            throw new InvalidEncodingException("an identifier must be in 1..65535");
        }
        return value.intValueExact();
    }
}
