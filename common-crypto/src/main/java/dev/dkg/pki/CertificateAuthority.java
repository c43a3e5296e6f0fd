package dev.dkg.pki;

import dev.dkg.crypto.RsaKeys;
import dev.dkg.crypto.Algorithms;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.asn1.x509.CRLNumber;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;

/**
 * The suite's certificate authority: creates its own self-signed root and issues party certificates
 * ({@code CN=<name>, OU=<role>}) from fresh key pairs or from verified PKCS#10 requests.
 * Guarantees: every certificate it issues has a random 128-bit serial, is signed with
 * {@link Algorithms#CERT_SIGNATURE}, is not a CA, carries critical key usage digitalSignature|keyEncipherment,
 * subject and authority key identifiers, and ends no later than the CA certificate.
 */
public final class CertificateAuthority {
    public static final String DEFAULT_NAME = "DKG Root CA";
    public static final Duration CA_VALIDITY_DEFAULT = Duration.ofDays(3650);
    public static final Duration IDENTITY_VALIDITY_DEFAULT = Duration.ofDays(730);
    /** notBefore is set this far back so a peer whose clock runs slightly behind accepts a fresh certificate. */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final SecureRandom random;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate, SecureRandom random) {
        this.key = key;
        this.certificate = certificate;
        this.random = random;
    }

    /** A new CA with a fresh key of {@code rsaBits}, valid from now (less the skew allowance) for {@code validity}. */
    public static CertificateAuthority create(String name, int rsaBits, Duration validity, SecureRandom random)
            throws GeneralSecurityException {
        Instant now = Instant.now();
        return create(name, RsaKeys.generate(rsaBits, random), now.minus(CLOCK_SKEW_ALLOWANCE), now.plus(validity),
                random);
    }

    /** A new CA for {@code keyPair} with explicit validity dates (tests use this for expired CAs). */
    public static CertificateAuthority create(String name, KeyPair keyPair, Instant notBefore, Instant notAfter,
            SecureRandom random) throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, checkCaName(name)).build();
        checkDates(notBefore, notAfter);
        RsaKeys.checkAllowed(keyPair.getPublic());
        JcaX509ExtensionUtils extensions = keyIdentifiers();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(random),
                Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic());
        try {
            // Path length 0: this CA signs parties only, never another CA.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
        } catch (CertIOException e) {
            throw new CertificateEncodingException("cannot encode CA extensions", e);
        }
        X509Certificate certificate = sign(builder, keyPair.getPrivate());
        return new CertificateAuthority(keyPair.getPrivate(), certificate, random);
    }

    /** Loads a CA written by {@link #writeNew}; the file's certificate must be a CA certificate. */
    public static CertificateAuthority load(Path p12, char[] password) throws IOException, GeneralSecurityException {
        Pkcs12.KeyEntry entry = Pkcs12.read(p12, password);
        X509Certificate certificate = entry.certificate();
        if (certificate.getBasicConstraints() < 0) {
            throw new KeyStoreException(p12 + " holds a party's certificate, not a CA's");
        }
        return new CertificateAuthority(entry.privateKey(), certificate, new SecureRandom());
    }

    /** Writes the CA key and certificate to a new owner-only PKCS#12 file. */
    public void writeNew(Path p12, char[] password) throws IOException, GeneralSecurityException {
        Pkcs12.writeNew(p12, "ca", key, List.of(certificate), password);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String name() {
        return Subject.commonName(certificate);
    }

    /** The anchor that parties configure to trust this CA. */
    public TrustAnchor trustAnchor() {
        return TrustAnchor.of(certificate);
    }

    /** Generates a key pair and issues an identity valid from now (less the skew allowance) for {@code validity}. */
    public Identity issue(String name, Role role, int rsaBits, Duration validity) throws GeneralSecurityException {
        Instant now = Instant.now();
        return issue(new Subject(name, role), RsaKeys.generate(rsaBits, random),
                now.minus(CLOCK_SKEW_ALLOWANCE), now.plus(validity));
    }

    /** Issues an identity for an existing key pair with explicit dates; the chain is the leaf then this CA. */
    public Identity issue(Subject subject, KeyPair keyPair, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        X509Certificate leaf = certify(subject, keyPair.getPublic(), notBefore, notAfter);
        return new Identity(subject.name(), subject.role(), keyPair.getPrivate(), List.of(leaf, certificate));
    }

    /**
     * Certifies a PKCS#10 request after verifying its signature (proof that the requester holds the key).
     * The name is {@code name} if given, else the request's CN; the role is the caller's; anything else the
     * request asks for (other subject parts, extensions) is ignored.
     */
    public X509Certificate certify(PKCS10CertificationRequest request, String name, Role role, Duration validity)
            throws GeneralSecurityException {
        PublicKey publicKey;
        try {
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
            publicKey = jca.getPublicKey();
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()))) {
                throw new SignatureException("certificate request signature does not verify");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new SignatureException("cannot verify certificate request: " + e.getMessage(), e);
        }
        String subjectName = name != null ? name : requestedName(request);
        Instant now = Instant.now();
        return certify(new Subject(subjectName, role), publicKey, now.minus(CLOCK_SKEW_ALLOWANCE), now.plus(validity));
    }

    /** Certifies {@code publicKey} as {@code subject} between the given dates. */
    public X509Certificate certify(Subject subject, PublicKey publicKey, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        checkDates(notBefore, notAfter);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("certificate would outlive the CA certificate, which ends "
                    + certificate.getNotAfter().toInstant());
        }
        RsaKeys.checkAllowed(publicKey);
        JcaX509ExtensionUtils extensions = keyIdentifiers();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(random),
                Date.from(notBefore), Date.from(notAfter), subject.toX500Name(), publicKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
        } catch (CertIOException e) {
            throw new CertificateEncodingException("cannot encode certificate extensions", e);
        }
        return sign(builder, key);
    }

    /**
     * A CRL signed by this CA listing the entries of {@code previous} (if any, already verified by the caller)
     * and {@code serial} (if not null: only re-signing otherwise), revoked now for {@code reason} (an RFC 5280
     * CRLReason code). The CRL number is one
     * more than the previous one's; the next update is {@code validity} from now, after which readers stop
     * trusting the list and keep the one they had (docs/protocol.md, certificate revocation).
     */
    public X509CRL revoke(X509CRL previous, BigInteger serial, int reason, Duration validity)
            throws GeneralSecurityException {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(validity)));
        BigInteger number = BigInteger.ONE;
        try {
            if (previous != null) {
                builder.addCRL(new JcaX509CRLHolder(previous));
                byte[] previousNumber = previous.getExtensionValue(Extension.cRLNumber.getId());
                if (previousNumber != null) {
                    number = CRLNumber.getInstance(JcaX509ExtensionUtils.parseExtensionValue(previousNumber))
                            .getCRLNumber().add(BigInteger.ONE);
                }
            }
            if (serial != null) {
                builder.addCRLEntry(serial, Date.from(now), reason);
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    keyIdentifiers().createAuthorityKeyIdentifier(certificate));
            ContentSigner signer = new JcaContentSignerBuilder(Algorithms.CERT_SIGNATURE).build(key);
            return new JcaX509CRLConverter().getCRL(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new InvalidKeyException("cannot sign with the CA key: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CRLException("cannot encode the CRL: " + e.getMessage(), e);
        }
    }

    /**
     * The party name a request asks for: its single CN, which must be a well-formed name
     * (IllegalArgumentException otherwise); CertificateException if it has no single CN.
     */
    public static String requestedName(PKCS10CertificationRequest request) throws CertificateException {
        RDN[] cns = request.getSubject().getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued() || !(cns[0].getFirst().getValue() instanceof ASN1String cn)) {
            throw new CertificateException("certificate request must name exactly one CN, or give the name explicitly");
        }
        return Subject.checkName(cn.getString());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(Algorithms.CERT_SIGNATURE).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new InvalidKeyException("cannot sign with the CA key: " + e.getMessage(), e);
        }
    }

    /** A positive serial with {@link Algorithms#CERT_SERIAL_BITS} random bits; zero is not a valid serial. */
    private static BigInteger serial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(Algorithms.CERT_SERIAL_BITS, random);
        } while (serial.signum() == 0);
        return serial;
    }

    /** Computes subject and authority key identifiers (SHA-1 of the public key bits, RFC 5280 method 1). */
    private static JcaX509ExtensionUtils keyIdentifiers() throws GeneralSecurityException {
        return new JcaX509ExtensionUtils();
    }

    private static void checkDates(Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("certificate must end after it starts");
        }
    }

    private static String checkCaName(String name) {
        if (name == null || name.isBlank() || name.length() > Subject.MAX_COMMON_NAME
                || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("CA name must be 1 to 64 printable characters");
        }
        return name;
    }
}
