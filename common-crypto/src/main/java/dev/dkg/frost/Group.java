package dev.dkg.frost;

import java.math.BigInteger;

/** The prime-order group of one ciphersuite (RFC 9591 section 3.1), behind {@link Ciphersuite}. */
abstract class Group {
    abstract BigInteger order();

    abstract Element identity();

    abstract Element generator();

    /** k·G, with a precomputed table where the implementation has one. */
    abstract Element baseMultiply(BigInteger k);

    /** Ne, the length of an encoded element. */
    abstract int elementBytes();

    /** DeserializeElement with every check of RFC 9591 section 6 for the suite. */
    abstract Element deserialize(byte[] bytes);
}
