package dev.dkg.frost;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * An element of a ciphersuite's prime-order group (RFC 9591 section 3.1), immutable. The identity is an
 * element too (a sum can be the identity), but it has no encoding: {@link #toBytes()} refuses it, as
 * SerializeElement does. Elements of different ciphersuites never mix: every operation checks the suite.
 *
 * <p>Security: scalar multiplication of Edwards25519 elements runs the same sequence of field operations
 * whatever the scalar (double-and-add-always with conditional moves); the Weierstrass suites use
 * Bouncy Castle's multipliers, which are not guaranteed constant-time (see package-info).
 */
public abstract sealed class Element permits WeierstrassElement, EdwardsElement {
    private final Ciphersuite suite;

    Element(Ciphersuite suite) {
        this.suite = suite;
    }

    public final Ciphersuite suite() {
        return suite;
    }

    /** this + other. */
    public abstract Element add(Element other);

    /** -this. */
    public abstract Element negate();

    /** this - other. */
    public final Element subtract(Element other) {
        return add(other.negate());
    }

    /** k·this for any integer k (reduced modulo the group order first). */
    public abstract Element multiply(BigInteger k);

    /**
     * k·this in time that depends on k: only for public scalars such as identifiers (Horner steps of a
     * commitment evaluation), where it is much faster than the constant-structure {@link #multiply}.
     */
    abstract Element multiplyPublic(BigInteger k);

    public abstract boolean isIdentity();

    /**
     * SerializeElement: the suite's canonical encoding (Ed25519: 32 bytes RFC 8032 section 5.1.2;
     * secp256k1 and P-256: 33 bytes SEC1 compressed).
     *
     * @throws IllegalStateException for the identity, which has no encoding
     */
    public abstract byte[] toBytes();

    final void requireSameSuite(Element other) {
        if (other.suite != suite) {
            throw new IllegalArgumentException("cannot combine a " + other.suite.scheme() + " element with a "
                    + suite.scheme() + " element");
        }
    }

    @Override
    public String toString() {
        return isIdentity() ? suite.scheme() + ":identity" : HexFormat.of().formatHex(toBytes());
    }
}
