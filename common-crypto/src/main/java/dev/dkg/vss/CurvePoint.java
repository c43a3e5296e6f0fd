package dev.dkg.vss;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A public P-256 point other than the identity, as a commitment to a coefficient; its only encoding is
 * 33-byte SEC1 compressed form.
 *
 * <p>Encoding: byte 0 is {@code 0x02} (y even) or {@code 0x03} (y odd), bytes 1..32 are the x coordinate,
 * big-endian, which must be below the field prime p and must have a point on the curve. The identity,
 * uncompressed ({@code 0x04}) and hybrid ({@code 0x06}/{@code 0x07}) forms are rejected. P-256 has
 * cofactor 1, so every decoded point lies in the prime-order group.
 */
public final class CurvePoint {
    public static final int ENCODED_BYTES = 33;
    private final ECPoint point;

    private CurvePoint(ECPoint normalizedPoint) {
        this.point = normalizedPoint;
    }

    /** Wraps a raw point; the identity has no encoding here, so it is refused. */
    static CurvePoint of(ECPoint raw) {
        if (raw.isInfinity()) {
            throw new IllegalArgumentException("the identity point is not a valid commitment");
        }
        return new CurvePoint(raw.normalize());
    }

    ECPoint raw() {
        return point;
    }

    public byte[] toBytes() {
        return point.getEncoded(true);
    }

    /** Decodes exactly 33 bytes; anything else, or a non-canonical or off-curve encoding, is refused. */
    public static CurvePoint fromBytes(byte[] bytes) {
        if (bytes.length != ENCODED_BYTES) {
            throw new IllegalArgumentException("a point is 33 bytes, not " + bytes.length);
        }
        return decode(bytes, 0);
    }

    static CurvePoint decode(byte[] bytes, int offset) {
        if (bytes.length - offset < ENCODED_BYTES) {
            throw new IllegalArgumentException("a point needs 33 bytes");
        }
        byte prefix = bytes[offset];
        if (prefix != 0x02 && prefix != 0x03) {
            throw new IllegalArgumentException("a point must be SEC1 compressed (prefix 02 or 03)");
        }
        byte[] encoding = Arrays.copyOfRange(bytes, offset, offset + ENCODED_BYTES);
        ECPoint decoded;
        try {
            // Bouncy Castle rejects x >= p and x with no square root on the curve.
            decoded = CurveGroup.CURVE.decodePoint(encoding);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bytes are not a point on P-256", e);
        }
        if (decoded.isInfinity() || !decoded.isValid()) {
            throw new IllegalArgumentException("bytes are not a point on P-256");
        }
        // Re-encoding must give the input back, so no second spelling of a point can get through.
        if (!Arrays.equals(decoded.getEncoded(true), encoding)) {
            throw new IllegalArgumentException("point encoding is not canonical");
        }
        return new CurvePoint(decoded.normalize());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurvePoint other && point.equals(other.point);
    }

    @Override
    public int hashCode() {
        return point.hashCode();
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toBytes());
    }
}
