package dev.dkg.frost;

/**
 * Bytes are not the one canonical encoding of a scalar, element, signature or commitment of the
 * ciphersuite (wrong length, value not below the order, point not on the curve, the identity, outside
 * the prime-order subgroup, a second spelling of a point). Unchecked, like any malformed input; the
 * message says which rule was broken and never contains secret bytes.
 */
public final class InvalidEncodingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidEncodingException(String message) {
        super(message);
    }
}
