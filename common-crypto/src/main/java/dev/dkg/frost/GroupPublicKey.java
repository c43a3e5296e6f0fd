package dev.dkg.frost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A threshold key's group public key PK, with its export as an X.509 SubjectPublicKeyInfo (DER or PEM
 * "PUBLIC KEY") that openssl and the JDK read: Ed25519 as RFC 8410 (OID 1.3.101.112, the 32-byte key);
 * secp256k1 and P-256 as RFC 5480 id-ecPublicKey (1.2.840.10045.2.1) with the named curve
 * (1.3.132.0.10 or 1.2.840.10045.3.1.7) and the point uncompressed (04 || x || y), the form every reader
 * accepts.
 */
public record GroupPublicKey(Element element) {
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    public GroupPublicKey {
        if (element.isIdentity()) {
            throw new IllegalArgumentException("the identity is not a public key");
        }
    }

    public Ciphersuite suite() {
        return element.suite();
    }

    /** SerializeElement(PK). */
    public byte[] toBytes() {
        return element.toBytes();
    }

    public byte[] toSubjectPublicKeyInfo() {
        try {
            return switch (suite()) {
                case ED25519 -> new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                        element.toBytes()).getEncoded("DER");
                case SECP256K1, P256 -> new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curveOid(suite())),
                        ((WeierstrassElement) element).point().getEncoded(false)).getEncoded("DER");
            };
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    /** PEM with 64-character lines and a final newline. */
    public String toPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(toSubjectPublicKeyInfo());
        return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
    }

    /** The key as a JDK {@link PublicKey} (Ed25519 and P-256; the JDK no longer knows secp256k1). */
    public PublicKey toJavaPublicKey() throws GeneralSecurityException {
        String algorithm = switch (suite()) {
            case ED25519 -> "Ed25519";
            case P256 -> "EC";
            case SECP256K1 -> throw new GeneralSecurityException("the JDK has no secp256k1 provider");
        };
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(toSubjectPublicKeyInfo()));
    }

    /** Strict DER: one SubjectPublicKeyInfo of a supported algorithm, nothing after it, a valid group element. */
    public static GroupPublicKey fromSubjectPublicKeyInfo(byte[] der) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!Arrays.equals(info.getEncoded("DER"), der)) {
                throw new InvalidEncodingException("the public key is not in DER");
            }
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof InvalidEncodingException invalid) {
                throw invalid;
            }
            throw new InvalidEncodingException("not a SubjectPublicKeyInfo");
        }
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        byte[] key = info.getPublicKeyData().getOctets();
        if (algorithm.getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519) && algorithm.getParameters() == null) {
            return new GroupPublicKey(Ciphersuite.ED25519.deserializeElement(key));
        }
        if (algorithm.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            for (Ciphersuite suite : new Ciphersuite[] {Ciphersuite.SECP256K1, Ciphersuite.P256}) {
                if (curveOid(suite).equals(algorithm.getParameters())) {
                    return new GroupPublicKey(suite.deserializeElement(compressed(suite, key)));
                }
            }
        }
        throw new InvalidEncodingException("the public key is not Ed25519, secp256k1 or P-256");
    }

    public static GroupPublicKey fromPem(String pem) {
        String text = pem.strip();
        if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
            throw new InvalidEncodingException("not a PEM PUBLIC KEY");
        }
        String body = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length()).replaceAll("\\s", "");
        try {
            return fromSubjectPublicKeyInfo(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidEncodingException invalid) {
                throw invalid;
            }
            throw new InvalidEncodingException("the PEM body is not base64");
        }
    }

    private static ASN1ObjectIdentifier curveOid(Ciphersuite suite) {
        return suite == Ciphersuite.SECP256K1 ? SECObjectIdentifiers.secp256k1 : X9ObjectIdentifiers.prime256v1;
    }

    /** An uncompressed or compressed SEC1 point as the compressed form the suite decodes. */
    private static byte[] compressed(Ciphersuite suite, byte[] sec1) {
        if (sec1.length == 65 && sec1[0] == 0x04) {
            try {
                ECPoint point = CustomNamedCurves.getByName(suite == Ciphersuite.SECP256K1 ? "secp256k1" : "secp256r1")
                        .getCurve().decodePoint(sec1);
                if (!point.isValid() || !Arrays.equals(point.getEncoded(false), sec1)) {
                    throw new InvalidEncodingException("the public key point is not on the curve");
                }
                return point.getEncoded(true);
            } catch (IllegalArgumentException e) {
                throw new InvalidEncodingException("the public key point is not on the curve");
            }
        }
        return sec1;
    }

    /** Hex of SerializeElement(PK). */
    @Override
    public String toString() {
        return suite().scheme() + ":" + HexFormat.of().formatHex(toBytes());
    }
}
