package dev.dkg.frost;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * The prime-order subgroup of edwards25519 (RFC 8032), cofactor 8. Decoding is RFC 8032 section 5.1.3
 * plus RFC 9591 section 6.1's checks: canonical (y &lt; p, no "negative zero" x), not the identity, and in
 * the prime-order subgroup (L·P = identity), so small-order and mixed-order points are refused.
 */
final class EdwardsGroup extends Group {
    /** RFC 8032 base point B, y = 4/5 with x even. */
    private static final EdwardsElement BASE = EdwardsElement.decode(HexFormat.of()
            .parseHex("5866666666666666666666666666666666666666666666666666666666666666"));

    @Override
    BigInteger order() {
        return EdwardsElement.ORDER;
    }

    @Override
    Element identity() {
        return EdwardsElement.identity();
    }

    @Override
    Element generator() {
        return BASE;
    }

    @Override
    Element baseMultiply(BigInteger k) {
        return EdwardsElement.baseTimes(BASE, k.mod(EdwardsElement.ORDER));
    }

    @Override
    int elementBytes() {
        return 32;
    }

    @Override
    Element deserialize(byte[] bytes) {
        if (bytes.length != 32) {
            throw new InvalidEncodingException("an ed25519 element is 32 bytes, not " + bytes.length);
        }
        EdwardsElement point = EdwardsElement.decode(bytes);
        if (point == null) {
            throw new InvalidEncodingException("bytes are not a canonical ed25519 point encoding");
        }
        if (point.isIdentity()) {
            throw new InvalidEncodingException("the identity is not a valid ed25519 element");
        }
        if (!point.inPrimeOrderSubgroup()) {
            throw new InvalidEncodingException("the ed25519 point is not in the prime-order subgroup");
        }
        return point;
    }
}
