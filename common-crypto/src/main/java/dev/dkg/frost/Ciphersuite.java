package dev.dkg.frost;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.util.BigIntegers;

/**
 * One of the RFC 9591 section 6 ciphersuites: its prime-order group, its scalar field, the canonical
 * encodings of both, and the hash functions H1..H5 (plus HDKG for the DKG proof of knowledge).
 *
 * <p>Guarantee: every decoder here accepts exactly one byte string per value and refuses the rest with an
 * {@link InvalidEncodingException} (wrong length, scalar not below the order, point not on the curve,
 * the identity, outside the prime-order subgroup, a second spelling). Scalars are {@link BigInteger}s in
 * [0, order-1]; every operation here returns reduced values.
 */
public enum Ciphersuite {
    /** FROST(Ed25519, SHA-512): signatures are ordinary RFC 8032 Ed25519 signatures. */
    ED25519("ed25519", "FROST-ED25519-SHA512-v1", "SHA-512"),
    /** FROST(secp256k1, SHA-256). */
    SECP256K1("secp256k1", "FROST-secp256k1-SHA256-v1", "SHA-256"),
    /** FROST(P-256, SHA-256). */
    P256("p256", "FROST-P256-SHA256-v1", "SHA-256");

    /** Ns: every suite's scalars are 32 bytes. */
    public static final int SCALAR_BYTES = 32;
    /** L of hash_to_field for the Weierstrass suites: ceil((ceil(log2(q)) + 128) / 8). */
    private static final int HASH_TO_FIELD_BYTES = 48;

    private final String scheme;
    private final String contextString;
    private final String digestName;

    Ciphersuite(String scheme, String contextString, String digestName) {
        this.scheme = scheme;
        this.contextString = contextString;
        this.digestName = digestName;
    }

    /** The short name used on command lines and in records: ed25519, secp256k1 or p256. */
    public String scheme() {
        return scheme;
    }

    /** The RFC 9591 contextString, e.g. {@code FROST-ED25519-SHA512-v1}. */
    public String contextString() {
        return contextString;
    }

    /** The suite with that scheme name (case-insensitive). */
    public static Ciphersuite forScheme(String name) {
        for (Ciphersuite suite : values()) {
            if (suite.scheme.equals(name.toLowerCase(Locale.ROOT))) {
                return suite;
            }
        }
        throw new IllegalArgumentException("unknown scheme '" + name + "': use ed25519, secp256k1 or p256");
    }

    // ---- the group -------------------------------------------------------------------------------------

    private Group group() {
        return Groups.of(this);
    }

    /** The order q of the group and of the scalar field (prime). */
    public BigInteger order() {
        return group().order();
    }

    public Element identity() {
        return group().identity();
    }

    /** The generator G (RFC 9591 section 6: the RFC 8032 base point, or the SEC 2 generator). */
    public Element generator() {
        return group().generator();
    }

    /** ScalarBaseMult: k·G. */
    public Element baseMultiply(BigInteger k) {
        return group().baseMultiply(k);
    }

    /** Ne: 32 for Ed25519, 33 for secp256k1 and P-256. */
    public int elementBytes() {
        return group().elementBytes();
    }

    /** SerializeElement; refuses the identity (IllegalStateException). */
    public byte[] serializeElement(Element element) {
        requireSuite(element);
        return element.toBytes();
    }

    /** DeserializeElement with every validation RFC 9591 section 6 requires for the suite. */
    public Element deserializeElement(byte[] bytes) {
        return group().deserialize(bytes);
    }

    void requireSuite(Element element) {
        if (element.suite() != this) {
            throw new IllegalArgumentException("a " + element.suite().scheme() + " element is not a "
                    + scheme + " element");
        }
    }

    // ---- scalars ---------------------------------------------------------------------------------------

    /** SerializeScalar: 32 bytes, little-endian for Ed25519, big-endian for secp256k1 and P-256. */
    public byte[] serializeScalar(BigInteger scalar) {
        if (scalar.signum() < 0 || scalar.compareTo(order()) >= 0) {
            throw new IllegalArgumentException("a scalar must be in [0, q-1]");
        }
        byte[] bigEndian = BigIntegers.asUnsignedByteArray(SCALAR_BYTES, scalar);
        return this == ED25519 ? reversed(bigEndian) : bigEndian;
    }

    /** DeserializeScalar: exactly 32 bytes whose value is below q; never reduces. */
    public BigInteger deserializeScalar(byte[] bytes) {
        if (bytes.length != SCALAR_BYTES) {
            throw new InvalidEncodingException("a " + scheme + " scalar is 32 bytes, not " + bytes.length);
        }
        BigInteger value = new BigInteger(1, this == ED25519 ? reversed(bytes) : bytes);
        if (value.compareTo(order()) >= 0) {
            throw new InvalidEncodingException("the " + scheme + " scalar is not below the group order");
        }
        return value;
    }

    /** The participant identifier i as a scalar encoding: SerializeScalar(i). */
    public byte[] serializeIdentifier(int identifier) {
        return serializeScalar(identifier(identifier));
    }

    /** Identifiers are 1..65535 here (RFC 9591 allows any non-zero scalar; this suite numbers its parties). */
    static BigInteger identifier(int identifier) {
        if (identifier < 1 || identifier > 65535) {
            throw new IllegalArgumentException("an identifier is in 1..65535, not " + identifier);
        }
        return BigInteger.valueOf(identifier);
    }

    /** k mod q. */
    public BigInteger reduce(BigInteger k) {
        return k.mod(order());
    }

    /** RandomScalar: uniform in [0, q-1] (64 random bytes reduced mod q: bias below 2^-250). */
    public BigInteger randomScalar(SecureRandom random) {
        byte[] wide = new byte[64];
        random.nextBytes(wide);
        BigInteger value = new BigInteger(1, wide).mod(order());
        Arrays.fill(wide, (byte) 0);
        return value;
    }

    /** Uniform in [1, q-1]. */
    public BigInteger randomNonZeroScalar(SecureRandom random) {
        while (true) {
            BigInteger value = randomScalar(random);
            if (value.signum() != 0) {
                return value;
            }
        }
    }

    // ---- hashes (RFC 9591 section 6) -------------------------------------------------------------------

    /** H1: binding factors. Ed25519: SHA-512(ctx || "rho" || m) mod L; else hash_to_field DST ctx || "rho". */
    public BigInteger h1(byte[] m) {
        return hashToScalar("rho", m);
    }

    /**
     * H2: the challenge. Ed25519: SHA-512(m) mod L with no context string, so that signatures are RFC 8032
     * signatures; else hash_to_field with DST ctx || "chal".
     */
    public BigInteger h2(byte[] m) {
        if (this == ED25519) {
            return littleEndianModOrder(digest(m));
        }
        return hashToScalar("chal", m);
    }

    /** H3: nonces. Ed25519: SHA-512(ctx || "nonce" || m) mod L; else hash_to_field DST ctx || "nonce". */
    public BigInteger h3(byte[] m) {
        return hashToScalar("nonce", m);
    }

    /** H4: the message digest, H(ctx || "msg" || m), 64 or 32 bytes. */
    public byte[] h4(byte[] m) {
        return digest(tag("msg"), m);
    }

    /** H5: the commitment list digest, H(ctx || "com" || m). */
    public byte[] h5(byte[] m) {
        return digest(tag("com"), m);
    }

    /**
     * HDKG: the DKG proof-of-knowledge challenge, as ZF frost's: Ed25519 SHA-512(ctx || "dkg" || m) mod L;
     * else hash_to_field with DST ctx || "dkg".
     */
    public BigInteger hdkg(byte[] m) {
        return hashToScalar("dkg", m);
    }

    private BigInteger hashToScalar(String label, byte[] m) {
        if (this == ED25519) {
            return littleEndianModOrder(digest(tag(label), m));
        }
        byte[] uniform = ExpandMessageXmd.sha256(m, tag(label), HASH_TO_FIELD_BYTES);
        return new BigInteger(1, uniform).mod(order());
    }

    private byte[] tag(String label) {
        return (contextString + label).getBytes(StandardCharsets.US_ASCII);
    }

    private BigInteger littleEndianModOrder(byte[] digest) {
        return new BigInteger(1, reversed(digest)).mod(order());
    }

    private byte[] digest(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(digestName);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digestName + " is missing from this JDK", e);
        }
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    /** Built on first use, after the enum itself is initialised (elements refer back to their suite). */
    private static final class Groups {
        private static final Group ED25519_GROUP = new EdwardsGroup();
        private static final Group SECP256K1_GROUP = new WeierstrassGroup(SECP256K1, "secp256k1");
        private static final Group P256_GROUP = new WeierstrassGroup(P256, "secp256r1");

        static Group of(Ciphersuite suite) {
            return switch (suite) {
                case ED25519 -> ED25519_GROUP;
                case SECP256K1 -> SECP256K1_GROUP;
                case P256 -> P256_GROUP;
            };
        }
    }
}
