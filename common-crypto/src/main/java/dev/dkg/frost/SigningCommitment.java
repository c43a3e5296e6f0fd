package dev.dkg.frost;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /**
     * Decodes an encode_group_commitment_list byte string: a whole number of entries, identifiers strictly
     * ascending (the only order RFC 9591 allows), each entry as {@link #fromBytes}.
     */
    public static List<SigningCommitment> decodeList(Ciphersuite suite, byte[] bytes) {
        int size = encodedBytes(suite);
        if (bytes.length == 0 || bytes.length % size != 0) {
            throw new InvalidEncodingException("a " + suite.scheme() + " commitment list is a non-empty multiple of "
                    + size + " bytes, not " + bytes.length);
        }
        List<SigningCommitment> list = new ArrayList<>();
        int previous = 0;
        for (int offset = 0; offset < bytes.length; offset += size) {
            SigningCommitment entry = fromBytes(suite, Arrays.copyOfRange(bytes, offset, offset + size));
            if (entry.identifier() <= previous) {
                throw new InvalidEncodingException("a commitment list must be sorted by identifier with no repeats");
            }
            previous = entry.identifier();
            list.add(entry);
        }
        return List.copyOf(list);
    }

    /** DeserializeScalar, then the range this suite gives identifiers (1..65535). */
    static int decodeIdentifier(Ciphersuite suite, byte[] bytes) {
        BigInteger value = suite.deserializeScalar(bytes);
        if (value.signum() == 0 || value.bitLength() > 16) {
            throw new InvalidEncodingException("an identifier must be in 1..65535");
        }
        return value.intValueExact();
    }
}
