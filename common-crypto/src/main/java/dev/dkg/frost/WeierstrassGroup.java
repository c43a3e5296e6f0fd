package dev.dkg.frost;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 or P-256 through Bouncy Castle's custom curve classes. Elements are encoded SEC1 compressed
 * (33 bytes); decoding accepts only that form, x below p, on the curve, not the identity.
 */
final class WeierstrassGroup extends Group {
    private final Ciphersuite suite;
    private final ECCurve curve;
    private final BigInteger order;
    private final ECPoint generator;
    private final ECMultiplier baseMultiplier = new FixedPointCombMultiplier();

    WeierstrassGroup(Ciphersuite suite, String curveName) {
        X9ECParameters parameters = CustomNamedCurves.getByName(curveName);
        this.suite = suite;
        this.curve = parameters.getCurve();
        this.order = parameters.getN();
        this.generator = parameters.getG();
    }

    @Override
    BigInteger order() {
        return order;
    }

    @Override
    Element identity() {
        return new WeierstrassElement(suite, curve.getInfinity());
    }

    @Override
    Element generator() {
        return new WeierstrassElement(suite, generator);
    }

    @Override
    Element baseMultiply(BigInteger k) {
        return new WeierstrassElement(suite, baseMultiplier.multiply(generator, k.mod(order)));
    }

    @Override
    int elementBytes() {
        return 33;
    }

    @Override
    Element deserialize(byte[] bytes) {
        if (bytes.length != 33) {
            throw new InvalidEncodingException("a " + suite.scheme() + " element is 33 bytes, not " + bytes.length);
        }
        if (bytes[0] != 0x02 && bytes[0] != 0x03) {
            throw new InvalidEncodingException("a " + suite.scheme()
                    + " element must be SEC1 compressed (first byte 02 or 03)");
        }
        ECPoint point;
        try {
            // Bouncy Castle refuses x >= p and an x with no point on the curve.
            point = curve.decodePoint(bytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException("bytes are not a point on " + suite.scheme());
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new InvalidEncodingException("bytes are not a point on " + suite.scheme());
        }
        // One spelling per point: re-encoding must give the input back.
        if (!Arrays.equals(point.getEncoded(true), bytes)) {
            throw new InvalidEncodingException("the " + suite.scheme() + " element encoding is not canonical");
        }
        return new WeierstrassElement(suite, point);
    }
}
