package dev.dkg.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The CA this party trusts, and the checks every peer certificate must pass: signed by this CA,
 * inside its validity dates (and the CA's), key usage fit for signing and key transport, and a role
 * among those the caller accepts.
 */
public final class TrustAnchor {
    private final X509Certificate ca;

    private TrustAnchor(X509Certificate ca) {
        this.ca = ca;
    }

    public static TrustAnchor of(X509Certificate ca) {
        return new TrustAnchor(ca);
    }

    /** Reads the CA certificate from a PEM file. */
    public static TrustAnchor load(Path caPem) throws IOException, GeneralSecurityException {
        throw new UnsupportedOperationException("pending: pki implementation");
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
        throw new UnsupportedOperationException("pending: pki implementation");
    }
}
