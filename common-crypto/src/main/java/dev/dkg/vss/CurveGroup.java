package dev.dkg.vss;

import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The P-256 group as the commitments use it: the curve, its base point G and the operations on raw points.
 * Raw points may be the identity here; only {@link CurvePoint} promises it is not.
 */
final class CurveGroup {
    private static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256r1");
    static final ECCurve CURVE = PARAMETERS.getCurve();
    static final BigInteger ORDER = PARAMETERS.getN();
    private static final ECPoint G = PARAMETERS.getG();
    /** Comb tables for G are computed once; commitments to coefficients are all multiples of G. */
    private static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

    private CurveGroup() {}

    /** k·G for k in Z_q. */
    static ECPoint baseTimes(BigInteger k) {
        return BASE_MULTIPLIER.multiply(G, k).normalize();
    }

    /**
     * Σ points[j]·x^j by Horner's rule: x is at most 255, so each step is a short multiplication
     * instead of a full-width one by x^j.
     */
    static ECPoint evaluate(List<CurvePoint> points, int x) {
        BigInteger bigX = BigInteger.valueOf(x);
        ECPoint accumulator = CURVE.getInfinity();
        for (int j = points.size() - 1; j >= 0; j--) {
            accumulator = accumulator.multiply(bigX).add(points.get(j).raw());
        }
        return accumulator.normalize();
    }
}
