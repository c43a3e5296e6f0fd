package dev.dkg.keygen;

import dev.dkg.crypto.Hkdf;
import dev.dkg.crypto.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Derives the keys a generated key is used as, each with HKDF-SHA-256 under its own label
 * ({@code info = "dkg app v1 " | name}, no salt), so that exports of one key are independent of each other
 * and of the key itself: an OTP secret, an AES-256 key, EC key pairs on P-256 and secp256k1, an Ed25519 key
 * pair. This is the one place these derivations live; the OTP distributor uses {@link #otpSecret} too.
 *
 * <p>Every returned array holds secret material and belongs to the caller to wipe.
 */
public final class KeyApplications {
    /** RFC 4226 recommends 160-bit HOTP secrets; the length every authenticator app handles. */
    public static final int OTP_SECRET_BYTES = 20;
    public static final int AES256_KEY_BYTES = 32;
    /** 64 bits more than the group order, so reducing the output leaves a bias below 2^-64 (FIPS 186-5 A.2.1). */
    static final int EC_SCALAR_SOURCE_BYTES = 48;
    public static final int ED25519_SEED_BYTES = 32;

    /** The EC curves a key can be exported on. */
    public enum Curve {
        P256("p256", SECObjectIdentifiers.secp256r1),
        SECP256K1("secp256k1", SECObjectIdentifiers.secp256k1);

        private final String label;
        private final ASN1ObjectIdentifier oid;

        Curve(String label, ASN1ObjectIdentifier oid) {
            this.label = label;
            this.oid = oid;
        }

        public String label() {
            return label;
        }
    }

    /** A derived key pair as DER: PKCS#8 PrivateKeyInfo (secret) and SubjectPublicKeyInfo (public). */
    public record DerivedKeyPair(byte[] privateKeyInfo, byte[] subjectPublicKeyInfo) {
        public void wipe() {
            Secrets.wipe(privateKeyInfo);
        }
    }

    private KeyApplications() {}

    /** The RFC 4226/6238 secret: HKDF(key, "dkg app v1 otp", 20 bytes). */
    public static byte[] otpSecret(byte[] key) {
        return derive(key, "otp", OTP_SECRET_BYTES);
    }

    /** HKDF(key, "dkg app v1 aes256", 32 bytes). */
    public static byte[] aes256Key(byte[] key) {
        return derive(key, "aes256", AES256_KEY_BYTES);
    }

    /**
     * The private scalar on {@code curve}: d = (HKDF(key, "dkg app v1 " | curve label, 48 bytes) as an unsigned
     * big-endian integer mod (n − 1)) + 1, which lies in [1, n − 1].
     */
    public static BigInteger ecPrivateScalar(byte[] key, Curve curve) {
        byte[] source = derive(key, curve.label(), EC_SCALAR_SOURCE_BYTES);
        try {
            BigInteger n = domain(curve).getN();
            return new BigInteger(1, source).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        } finally {
            Secrets.wipe(source);
        }
    }

    /** The EC key pair for {@link #ecPrivateScalar}, encoded with the curve's named OID. */
    public static DerivedKeyPair ecKeyPair(byte[] key, Curve curve) {
        ECNamedDomainParameters domain = domain(curve);
        BigInteger d = ecPrivateScalar(key, curve);
        ECPrivateKeyParameters priv = new ECPrivateKeyParameters(d, domain);
        ECPublicKeyParameters pub = new ECPublicKeyParameters(
                new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize(), domain);
        try {
            return new DerivedKeyPair(PrivateKeyInfoFactory.createPrivateKeyInfo(priv).getEncoded(),
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an EC key", e);
        }
    }

    /** The Ed25519 seed (RFC 8032 private key): HKDF(key, "dkg app v1 ed25519", 32 bytes). */
    public static byte[] ed25519Seed(byte[] key) {
        return derive(key, "ed25519", ED25519_SEED_BYTES);
    }

    /** The Ed25519 key pair for {@link #ed25519Seed}. */
    public static DerivedKeyPair ed25519KeyPair(byte[] key) {
        byte[] seed = ed25519Seed(key);
        try {
            Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
            // RFC 8410 version 1 form (no embedded public key): the form OpenSSL reads; BC would write version 2.
            PrivateKeyInfo info = new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                    new DEROctetString(seed));
            return new DerivedKeyPair(info.getEncoded(),
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(priv.generatePublicKey()).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an Ed25519 key", e);
        } finally {
            Secrets.wipe(seed);
        }
    }

    private static byte[] derive(byte[] key, String name, int length) {
        if (key == null || key.length < KeyParameters.MIN_LENGTH) {
            throw new IllegalArgumentException("a generated key has at least " + KeyParameters.MIN_LENGTH + " bytes");
        }
        return Hkdf.derive(null, key, RoundTranscript.ascii("dkg app v1 " + name), length);
    }

    private static ECNamedDomainParameters domain(Curve curve) {
        return ECNamedDomainParameters.lookup(curve.oid);
    }
}
