package dev.dkg.pki;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates our CA has revoked, read from a CRL file the CA signed (written by {@code pki revoke}) and
 * read again when the file changes.
 *
 * <p>Guarantee: {@link #isRevoked} answers from the newest CRL that was signed by the CA's key, names the CA as
 * its issuer and had not passed its next update when read. A changed file that fails any of these (or cannot
 * be read) leaves the list in force as it was, with one WARN line per change; so does a list whose next update
 * passes without a new file (WARN once). Revocation only ever grows in practice, but a verified newer CRL is
 * taken as it is.
 */
public final class RevocationList {
    private static final Logger log = LoggerFactory.getLogger(RevocationList.class);
    /** How often the file's size and modification time are looked at, at most. */
    private static final long CHECK_EVERY_MILLIS = 1000;

    private final Path file;
    private final X509Certificate ca;
    private final Clock clock;
    private volatile Set<BigInteger> revoked;
    private volatile Instant nextUpdate;
    private Object seenVersion;
    private Object refusedVersion;
    private long checkedAt;
    private boolean warnedExpired;

    private RevocationList(Path file, X509Certificate ca, Clock clock) {
        this.file = file;
        this.ca = ca;
        this.clock = clock;
    }

    /**
     * Reads {@code file} now; there is no previous list to keep, so a CRL that does not verify or has expired
     * fails here.
     */
    public static RevocationList load(Path file, X509Certificate ca) throws IOException, GeneralSecurityException {
        return load(file, ca, Clock.systemUTC());
    }

    static RevocationList load(Path file, X509Certificate ca, Clock clock) throws IOException, GeneralSecurityException {
        RevocationList list = new RevocationList(file, ca, clock);
        Object version = version(file);
        list.install(list.read());
        list.seenVersion = version;
        list.checkedAt = clock.millis();
        return list;
    }

    /** Whether {@code certificate}'s serial is on the list in force (after looking for a changed file). */
    public boolean isRevoked(X509Certificate certificate) {
        refreshIfChanged();
        return revoked.contains(certificate.getSerialNumber());
    }

    /** The file this list is read from. */
    public Path file() {
        return file;
    }

    /** Number of certificates on the list in force. */
    public int size() {
        return revoked.size();
    }

    /** Looks at the file (at most once a second) and takes a changed one if it verifies. */
    public synchronized void refreshIfChanged() {
        long now = clock.millis();
        if (now - checkedAt < CHECK_EVERY_MILLIS) {
            return;
        }
        checkedAt = now;
        if (!warnedExpired && clock.instant().isAfter(nextUpdate)) {
            warnedExpired = true;
            log.warn("CRL {} passed its next update at {}; keeping its {} revocations in force until a newer one is"
                    + " written", file, nextUpdate, revoked.size());
        }
        Object version;
        try {
            version = version(file);
        } catch (IOException e) {
            version = e.getClass().getSimpleName();
        }
        if (Objects.equals(version, seenVersion) || Objects.equals(version, refusedVersion)) {
            return;
        }
        try {
            X509CRL crl = read();
            int before = revoked.size();
            install(crl);
            seenVersion = version;
            refusedVersion = null;
            log.info("CRL {} reloaded: {} revoked certificates (was {})", file, revoked.size(), before);
        } catch (IOException | GeneralSecurityException e) {
            refusedVersion = version;
            log.warn("CRL {} changed but is not usable ({}); the previous list of {} revocations stays in force", file,
                    e.getMessage(), revoked.size());
        }
    }

    private void install(X509CRL crl) {
        Set<BigInteger> serials = new HashSet<>();
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            for (X509CRLEntry entry : entries) {
                serials.add(entry.getSerialNumber());
            }
        }
        revoked = Set.copyOf(serials);
        nextUpdate = crl.getNextUpdate().toInstant();
        warnedExpired = false;
    }

    /** Reads and checks the file: signed by the CA, issued by it, not past its next update. */
    private X509CRL read() throws IOException, GeneralSecurityException {
        X509CRL crl = parse(file);
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new CRLException(file + " was issued by " + crl.getIssuerX500Principal() + ", not by our CA");
        }
        try {
            crl.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CRLException(file + " is not signed by our CA (" + e.getMessage() + ")", e);
        }
        if (crl.getNextUpdate() == null) {
            throw new CRLException(file + " has no next update");
        }
        if (clock.instant().isAfter(crl.getNextUpdate().toInstant())) {
            throw new CRLException(file + " expired at " + crl.getNextUpdate().toInstant());
        }
        return crl;
    }

    /** Parses a CRL file (PEM or DER) without checking it. */
    static X509CRL parse(Path file) throws IOException, CRLException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (java.security.cert.CertificateException e) {
            throw new CRLException("X.509 not supported: " + e.getMessage(), e);
        } catch (CRLException e) {
            throw new CRLException(file + " is not a CRL: " + e.getMessage(), e);
        }
    }

    private static Object version(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + a.fileKey();
    }
}
