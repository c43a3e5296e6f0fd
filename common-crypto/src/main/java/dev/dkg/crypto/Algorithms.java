package dev.dkg.crypto;

import java.math.BigInteger;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The one place that names algorithms and their parameters. Everything else refers to these presets,
 * so no free-form algorithm string (and no JDK default) can drift in elsewhere.
 */
public final class Algorithms {
    /** RSA modulus size for new identities unless {@code --rsa-bits} says otherwise. */
    public static final int RSA_BITS_DEFAULT = 3072;
    /** RSA sizes the suite accepts for its own keys. */
    public static final int[] RSA_BITS_ALLOWED = {2048, 3072, 4096};

    public static final String RSA = "RSA";
    /** Explicit OAEP parameters: the JDK's OAEPWithSHA-256AndMGF1Padding would use SHA-1 for MGF1. */
    public static final String RSA_OAEP_TRANSFORMATION = "RSA/ECB/OAEPPadding";
    public static final OAEPParameterSpec RSA_OAEP_SHA256 = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    /** RSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt, trailer field 1. */
    public static final String RSA_PSS = "RSASSA-PSS";
    public static final PSSParameterSpec RSA_PSS_SHA256 = new PSSParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    /** Signature algorithm for certificates and CSRs (widest tool support, e.g. openssl verify). */
    public static final String CERT_SIGNATURE = "SHA256withRSA";
    /** RSA public exponent for new keys (F4 = 65537); set explicitly rather than left to a provider default. */
    public static final BigInteger RSA_PUBLIC_EXPONENT = RSAKeyGenParameterSpec.F4;
    /** Bits of randomness in certificate serial numbers (CA/Browser Forum asks for at least 64). */
    public static final int CERT_SERIAL_BITS = 128;

    /** Key store format for identities and the CA key. */
    public static final String PKCS12 = "PKCS12";
    /**
     * PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC) for the private key inside PKCS#12: readable by OpenSSL 3 without
     * its legacy provider, unlike the old RC2/3DES schemes.
     */
    public static final String PKCS12_KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    public static final int PKCS12_KEY_PROTECTION_ITERATIONS = 100_000;
    public static final int PKCS12_SALT_BYTES = 16;

    public static final String AES_GCM_TRANSFORMATION = "AES/GCM/NoPadding";
    public static final int AES_KEY_BYTES = 32;
    public static final int GCM_NONCE_BYTES = 12;
    public static final int GCM_TAG_BITS = 128;

    public static final String SHA256 = "SHA-256";
    public static final String HMAC_SHA256 = "HmacSHA256";
    /** HOTP/TOTP only (RFC 4226 default, and what most authenticator apps assume); never for new designs. */
    public static final String HMAC_SHA1 = "HmacSHA1";
    public static final String HMAC_SHA512 = "HmacSHA512";
    /** Certificate type for parsing peer chains received in the handshake. */
    public static final String X509 = "X.509";

    private Algorithms() {}

    /** Throws IllegalArgumentException unless {@code bits} is one of {@link #RSA_BITS_ALLOWED}. */
    public static int checkRsaBits(int bits) {
        for (int b : RSA_BITS_ALLOWED) {
            if (b == bits) {
                return bits;
            }
        }
        throw new IllegalArgumentException("RSA key size must be 2048, 3072 or 4096, not " + bits);
    }
}
