package dev.dkg.frost;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/** A point of secp256k1 or P-256 (cofactor 1, so every point on the curve is in the group). */
final class WeierstrassElement extends Element {
    private final ECPoint point;

    WeierstrassElement(Ciphersuite suite, ECPoint point) {
        super(suite);
        this.point = point.normalize();
    }

    ECPoint point() {
        return point;
    }

    @Override
    public Element add(Element other) {
        requireSameSuite(other);
        return new WeierstrassElement(suite(), point.add(((WeierstrassElement) other).point));
    }

    @Override
    public Element negate() {
        return new WeierstrassElement(suite(), point.negate());
    }

    @Override
    public Element multiply(BigInteger k) {
        return new WeierstrassElement(suite(), point.multiply(k.mod(suite().order())));
    }

    @Override
    Element multiplyPublic(BigInteger k) {
        return multiply(k); // Bouncy Castle's multiplier already scales with the scalar's length
    }

    @Override
    public boolean isIdentity() {
        return point.isInfinity();
    }

    @Override
    public byte[] toBytes() {
        if (point.isInfinity()) {
            throw new IllegalStateException("the identity element has no encoding");
        }
        return point.getEncoded(true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeierstrassElement other && other.suite() == suite() && point.equals(other.point);
    }

    @Override
    public int hashCode() {
        return point.hashCode();
    }
}
