package dev.dkg.pki;

import dev.dkg.crypto.RsaKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CA this party trusts, and the checks every peer certificate must pass: signed by this CA,
 * inside its validity dates (and the CA's), key usage fit for signing and key transport, and a role
 * among those the caller accepts.
 *
 * <p>Guarantee: {@link #validate} returns a peer only if every check passed; each failure throws a
 * {@link CertificateException} naming the one check that failed. The chain has no intermediates: this CA
 * signs parties directly (its certificate says path length 0).
 */
public final class TrustAnchor {
    /** X.509 KeyUsage bit positions as {@link X509Certificate#getKeyUsage()} reports them. */
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    /** The critical extensions this validator understands; any other critical extension rejects the certificate. */
    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of("2.5.29.15", "2.5.29.19");

    private final X509Certificate ca;

    private TrustAnchor(X509Certificate ca) {
        this.ca = ca;
    }

    /** Trusts {@code ca}; throws IllegalArgumentException if it is not a CA certificate able to sign certificates. */
    public static TrustAnchor of(X509Certificate ca) {
        try {
            checkIsCa(ca);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new TrustAnchor(ca);
    }

    /** Reads the CA certificate from a PEM file holding exactly that one certificate. */
    public static TrustAnchor load(Path caPem) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = Pem.readCertificates(caPem);
        if (certificates.size() != 1) {
            throw new CertificateException(caPem + " must hold exactly one CA certificate, not " + certificates.size());
        }
        X509Certificate ca = certificates.get(0);
        try {
            checkIsCa(ca);
        } catch (CertificateException e) {
            throw new CertificateException(caPem + ": " + e.getMessage(), e);
        }
        return new TrustAnchor(ca);
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /**
     * Validates {@code chain} (leaf first; a trailing copy of the CA is allowed) at {@code now} and returns
     * the peer it names. Throws with a precise reason (for the local log) on any failure.
     */
    public PeerIdentity validate(List<X509Certificate> chain, Instant now, Set<Role> acceptedRoles)
            throws CertificateException {
        if (chain == null || chain.isEmpty()) {
            throw new CertificateException("empty certificate chain");
        }
        if (chain.size() > 2) {
            throw new CertificateException("certificate chain has " + chain.size()
                    + " certificates; expected the party's, optionally followed by the CA's");
        }
        X509Certificate leaf = chain.get(0);
        if (chain.size() == 2 && !Arrays.equals(chain.get(1).getEncoded(), ca.getEncoded())) {
            throw new CertificateException("second certificate in the chain is not our CA certificate: "
                    + chain.get(1).getSubjectX500Principal());
        }
        checkSignedByCa(leaf);
        checkValidity(ca, now, "CA certificate");
        checkValidity(leaf, now, "certificate");
        checkCriticalExtensions(leaf);
        if (leaf.getBasicConstraints() >= 0) {
            throw new CertificateException("certificate " + leaf.getSubjectX500Principal()
                    + " is a CA certificate, not a party's");
        }
        checkKeyUsage(leaf);
        try {
            RsaKeys.checkAllowed(leaf.getPublicKey());
        } catch (InvalidKeyException e) {
            throw new CertificateException("certificate key unusable: " + e.getMessage(), e);
        }
        Subject subject = Subject.of(leaf);
        if (!acceptedRoles.contains(subject.role())) {
            throw new CertificateException("role " + subject.role() + " of '" + subject.name()
                    + "' is not accepted here (accepted: " + labels(acceptedRoles) + ")");
        }
        return new PeerIdentity(subject.name(), subject.role(), leaf);
    }

    private void checkSignedByCa(X509Certificate leaf) throws CertificateException {
        if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new CertificateException("certificate " + leaf.getSubjectX500Principal()
                    + " was issued by " + leaf.getIssuerX500Principal() + ", not by our CA "
                    + ca.getSubjectX500Principal());
        }
        try {
            leaf.verify(ca.getPublicKey());
        } catch (SignatureException | InvalidKeyException e) {
            throw new CertificateException("certificate " + leaf.getSubjectX500Principal()
                    + " is not signed by our CA " + ca.getSubjectX500Principal() + " (signature does not verify)", e);
        } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new CertificateException("certificate signature algorithm not supported: " + leaf.getSigAlgName(), e);
        }
    }

    private static void checkValidity(X509Certificate certificate, Instant now, String what)
            throws CertificateException {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new CertificateExpiredException(what + " " + certificate.getSubjectX500Principal()
                    + " expired at " + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new CertificateNotYetValidException(what + " " + certificate.getSubjectX500Principal()
                    + " is not valid before " + certificate.getNotBefore().toInstant());
        }
    }

    private static void checkCriticalExtensions(X509Certificate certificate) throws CertificateException {
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        if (critical == null) {
            return;
        }
        for (String oid : critical) {
            if (!UNDERSTOOD_CRITICAL.contains(oid)) {
                throw new CertificateException("certificate has an unsupported critical extension " + oid);
            }
        }
    }

    private static void checkKeyUsage(X509Certificate leaf) throws CertificateException {
        boolean[] usage = leaf.getKeyUsage();
        if (usage == null) {
            throw new CertificateException("certificate " + leaf.getSubjectX500Principal() + " has no key usage");
        }
        if (!bit(usage, DIGITAL_SIGNATURE) || !bit(usage, KEY_ENCIPHERMENT)) {
            throw new CertificateException("certificate " + leaf.getSubjectX500Principal()
                    + " key usage lacks digitalSignature and keyEncipherment");
        }
        if (bit(usage, KEY_CERT_SIGN)) {
            throw new CertificateException("certificate " + leaf.getSubjectX500Principal()
                    + " may sign certificates; a party's must not");
        }
    }

    private static void checkIsCa(X509Certificate ca) throws CertificateException {
        if (ca.getBasicConstraints() < 0) {
            throw new CertificateException("trusted certificate " + ca.getSubjectX500Principal() + " is not a CA");
        }
        boolean[] usage = ca.getKeyUsage();
        if (usage != null && !bit(usage, KEY_CERT_SIGN)) {
            throw new CertificateException("trusted certificate " + ca.getSubjectX500Principal()
                    + " may not sign certificates (key usage lacks keyCertSign)");
        }
    }

    private static boolean bit(boolean[] usage, int index) {
        return usage.length > index && usage[index];
    }

    private static String labels(Set<Role> roles) {
        return roles.isEmpty() ? "none" : roles.stream().map(Role::label).sorted().collect(Collectors.joining(", "));
    }
}
