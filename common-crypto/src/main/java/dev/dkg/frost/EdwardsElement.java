package dev.dkg.frost;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.bouncycastle.util.BigIntegers;

/**
 * A point of edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19)) in extended coordinates
 * (X:Y:Z:T), x = X/Z, y = Y/Z, x·y = T/Z, with field arithmetic from Bouncy Castle's public
 * {@link X25519Field}. Addition uses the complete formulas of Hisil, Wong, Carter and Dawson (2008) for
 * a = -1, so there are no special cases; scalar multiplication doubles and adds at every bit and keeps
 * the sum with a conditional move, so its sequence of operations does not depend on the scalar.
 */
final class EdwardsElement extends Element {
    /** The group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 section 5.1). */
    static final BigInteger ORDER = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final int[] D = fieldOf(BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P));
    private static final int[] D2 = fieldOf(BigInteger.valueOf(-121665).multiply(BigInteger.TWO)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P));

    /** Scalars are processed as 64 windows of 4 bits. */
    private static final int WINDOWS = 64;
    /** baseTable[w][j] = j·16^w·B, built on first use: base multiplication is 64 additions, no doublings. */
    private static EdwardsElement[][] baseTable;

    private final int[] x;
    private final int[] y;
    private final int[] z;
    private final int[] t;

    private EdwardsElement(int[] x, int[] y, int[] z, int[] t) {
        super(Ciphersuite.ED25519);
        this.x = x;
        this.y = y;
        this.z = z;
        this.t = t;
    }

    static EdwardsElement identity() {
        int[] zero = X25519Field.create();
        int[] one = X25519Field.create();
        X25519Field.one(one);
        int[] z = X25519Field.create();
        X25519Field.one(z);
        return new EdwardsElement(zero, one, z, X25519Field.create());
    }

    /**
     * RFC 8032 section 5.1.3 decoding, strict: y must be below p and x = 0 must come with sign bit 0
     * (both enforced by requiring that re-encoding gives the input back). Returns null when the bytes
     * are not a curve point; the group and subgroup checks are the caller's.
     */
    static EdwardsElement decode(byte[] encoded) {
        byte[] bytes = encoded.clone();
        int sign = (bytes[31] >>> 7) & 1;
        bytes[31] &= 0x7f;
        int[] y = X25519Field.create();
        X25519Field.decode(bytes, 0, y);
        int[] ySquared = X25519Field.create();
        X25519Field.sqr(y, ySquared);
        int[] u = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.copy(ySquared, 0, u, 0);
        X25519Field.subOne(u);
        X25519Field.mul(D, ySquared, v);
        X25519Field.addOne(v);
        int[] x = X25519Field.create();
        if (!X25519Field.sqrtRatioVar(u, v, x)) {
            return null;
        }
        X25519Field.normalize(x);
        if (sign == 1 && X25519Field.isZeroVar(x)) {
            return null;
        }
        if ((x[0] & 1) != sign) {
            X25519Field.negate(x, x);
            X25519Field.normalize(x);
        }
        int[] z = X25519Field.create();
        X25519Field.one(z);
        int[] t = X25519Field.create();
        X25519Field.mul(x, y, t);
        EdwardsElement point = new EdwardsElement(x, y, z, t);
        return Arrays.equals(point.encode(), encoded) ? point : null;
    }

    /** The 32-byte RFC 8032 encoding (of the identity too: it is needed for the subgroup check). */
    byte[] encode() {
        int[] zInverse = X25519Field.create();
        X25519Field.inv(z, zInverse);
        int[] affineX = X25519Field.create();
        int[] affineY = X25519Field.create();
        X25519Field.mul(x, zInverse, affineX);
        X25519Field.mul(y, zInverse, affineY);
        X25519Field.normalize(affineX);
        X25519Field.normalize(affineY);
        byte[] out = new byte[32];
        X25519Field.encode(affineY, out, 0);
        out[31] |= (byte) ((affineX[0] & 1) << 7);
        return out;
    }

    @Override
    public Element add(Element other) {
        requireSameSuite(other);
        return sum(this, (EdwardsElement) other);
    }

    /** add-2008-hwcd-3: complete for a = -1 and non-square d. */
    private static EdwardsElement sum(EdwardsElement p, EdwardsElement q) {
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] c = X25519Field.create();
        int[] d = X25519Field.create();
        int[] e = X25519Field.create();
        int[] f = X25519Field.create();
        int[] g = X25519Field.create();
        int[] h = X25519Field.create();
        int[] s = X25519Field.create();
        X25519Field.sub(p.y, p.x, a);
        X25519Field.sub(q.y, q.x, s);
        X25519Field.mul(a, s, a);
        X25519Field.add(p.y, p.x, b);
        X25519Field.add(q.y, q.x, s);
        X25519Field.mul(b, s, b);
        X25519Field.mul(p.t, D2, c);
        X25519Field.mul(c, q.t, c);
        X25519Field.mul(p.z, q.z, d);
        X25519Field.add(d, d, d);
        X25519Field.sub(b, a, e);
        X25519Field.sub(d, c, f);
        X25519Field.add(d, c, g);
        X25519Field.add(b, a, h);
        carry(e, f, g, h);
        int[] x3 = X25519Field.create();
        int[] y3 = X25519Field.create();
        int[] z3 = X25519Field.create();
        int[] t3 = X25519Field.create();
        X25519Field.mul(e, f, x3);
        X25519Field.mul(g, h, y3);
        X25519Field.mul(f, g, z3);
        X25519Field.mul(e, h, t3);
        return new EdwardsElement(x3, y3, z3, t3);
    }

    /** dbl-2008-hwcd for a = -1. */
    private static EdwardsElement twice(EdwardsElement p) {
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] c = X25519Field.create();
        int[] e = X25519Field.create();
        int[] f = X25519Field.create();
        int[] g = X25519Field.create();
        int[] h = X25519Field.create();
        X25519Field.sqr(p.x, a);
        X25519Field.sqr(p.y, b);
        X25519Field.sqr(p.z, c);
        X25519Field.add(c, c, c);
        X25519Field.add(p.x, p.y, e);
        X25519Field.sqr(e, e);
        X25519Field.sub(e, a, e);
        X25519Field.sub(e, b, e);
        X25519Field.sub(b, a, g); // G = D + B with D = -A
        X25519Field.sub(g, c, f);
        X25519Field.add(a, b, h);
        X25519Field.negate(h, h); // H = D - B = -A - B
        carry(e, f, g, h);
        int[] x3 = X25519Field.create();
        int[] y3 = X25519Field.create();
        int[] z3 = X25519Field.create();
        int[] t3 = X25519Field.create();
        X25519Field.mul(e, f, x3);
        X25519Field.mul(g, h, y3);
        X25519Field.mul(f, g, z3);
        X25519Field.mul(e, h, t3);
        return new EdwardsElement(x3, y3, z3, t3);
    }

    private static void carry(int[]... values) {
        for (int[] value : values) {
            X25519Field.carry(value);
        }
    }

    @Override
    public Element negate() {
        int[] nx = X25519Field.create();
        int[] nt = X25519Field.create();
        X25519Field.negate(x, nx);
        X25519Field.negate(t, nt);
        carry(nx, nt);
        return new EdwardsElement(nx, y.clone(), z.clone(), nt);
    }

    @Override
    public Element multiply(BigInteger k) {
        return times(k.mod(ORDER));
    }

    /**
     * k·this for 0 <= k < 2^256 with a 4-bit fixed window: 16 multiples of this, then per window four
     * doublings and one addition of a table entry chosen by a scan of the whole table with conditional
     * moves, so neither the sequence of operations nor the memory accessed depends on k.
     */
    EdwardsElement times(BigInteger k) {
        EdwardsElement[] table = new EdwardsElement[16];
        table[0] = identity();
        table[1] = this;
        for (int j = 2; j < 16; j++) {
            table[j] = sum(table[j - 1], this);
        }
        byte[] scalar = littleEndian(k);
        EdwardsElement accumulator = identity();
        for (int w = WINDOWS - 1; w >= 0; w--) {
            accumulator = twice(twice(twice(twice(accumulator))));
            accumulator = sum(accumulator, select(table, nibble(scalar, w)));
        }
        Arrays.fill(scalar, (byte) 0);
        return accumulator;
    }

    /** k·B with the precomputed table, same constant-structure selection as {@link #times}. */
    static EdwardsElement baseTimes(EdwardsElement base, BigInteger k) {
        EdwardsElement[][] tables = baseTable(base);
        byte[] scalar = littleEndian(k);
        EdwardsElement accumulator = identity();
        for (int w = 0; w < WINDOWS; w++) {
            accumulator = sum(accumulator, select(tables[w], nibble(scalar, w)));
        }
        Arrays.fill(scalar, (byte) 0);
        return accumulator;
    }

    private static synchronized EdwardsElement[][] baseTable(EdwardsElement base) {
        if (baseTable == null) {
            EdwardsElement[][] tables = new EdwardsElement[WINDOWS][16];
            EdwardsElement step = base;
            for (int w = 0; w < WINDOWS; w++) {
                tables[w][0] = identity();
                for (int j = 1; j < 16; j++) {
                    tables[w][j] = sum(tables[w][j - 1], step);
                }
                step = twice(twice(twice(twice(step))));
            }
            baseTable = tables;
        }
        return baseTable;
    }

    private static int nibble(byte[] scalar, int window) {
        return (scalar[window >>> 1] >>> ((window & 1) << 2)) & 15;
    }

    /** table[index], reading every entry so the access pattern does not reveal the index. */
    private static EdwardsElement select(EdwardsElement[] table, int index) {
        int[] x = X25519Field.create();
        int[] y = X25519Field.create();
        int[] z = X25519Field.create();
        int[] t = X25519Field.create();
        for (int j = 0; j < table.length; j++) {
            int mask = ((j ^ index) - 1) >> 31; // -1 when j == index, else 0
            X25519Field.cmov(mask, table[j].x, 0, x, 0);
            X25519Field.cmov(mask, table[j].y, 0, y, 0);
            X25519Field.cmov(mask, table[j].z, 0, z, 0);
            X25519Field.cmov(mask, table[j].t, 0, t, 0);
        }
        return new EdwardsElement(x, y, z, t);
    }

    private static byte[] littleEndian(BigInteger k) {
        byte[] bigEndian = BigIntegers.asUnsignedByteArray(32, k);
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = bigEndian[31 - i];
        }
        Arrays.fill(bigEndian, (byte) 0);
        return out;
    }

    /** L·this is the identity exactly when this lies in the prime-order subgroup. */
    boolean inPrimeOrderSubgroup() {
        return publicTimes(ORDER).isIdentity();
    }

    @Override
    Element multiplyPublic(BigInteger k) {
        return publicTimes(k.mod(ORDER));
    }

    /** Plain double-and-add over the bits of a public k (L itself, identifiers): time depends on k. */
    private EdwardsElement publicTimes(BigInteger k) {
        EdwardsElement accumulator = identity();
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            accumulator = twice(accumulator);
            if (k.testBit(i)) {
                accumulator = sum(accumulator, this);
            }
        }
        return accumulator;
    }

    @Override
    public boolean isIdentity() {
        // x = 0 and y = 1, i.e. X = 0 and Y = Z.
        return isZero(x) && isZero(difference(y, z));
    }

    @Override
    public byte[] toBytes() {
        if (isIdentity()) {
            throw new IllegalStateException("the identity element has no encoding");
        }
        return encode();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EdwardsElement other)) {
            return false;
        }
        return isZero(difference(product(x, other.z), product(other.x, z)))
                && isZero(difference(product(y, other.z), product(other.y, z)));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    private static int[] product(int[] a, int[] b) {
        int[] r = X25519Field.create();
        X25519Field.mul(a, b, r);
        return r;
    }

    private static int[] difference(int[] a, int[] b) {
        int[] r = X25519Field.create();
        X25519Field.sub(a, b, r);
        return r;
    }

    private static boolean isZero(int[] value) {
        int[] copy = value.clone();
        X25519Field.carry(copy);
        X25519Field.normalize(copy);
        return X25519Field.isZeroVar(copy);
    }

    private static int[] fieldOf(BigInteger value) {
        byte[] littleEndian = new byte[32];
        byte[] bigEndian = BigIntegers.asUnsignedByteArray(32, value);
        for (int i = 0; i < 32; i++) {
            littleEndian[i] = bigEndian[31 - i];
        }
        int[] r = X25519Field.create();
        X25519Field.decode(littleEndian, 0, r);
        return r;
    }
}
