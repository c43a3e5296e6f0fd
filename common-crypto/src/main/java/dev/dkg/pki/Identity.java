package dev.dkg.pki;

import dev.dkg.crypto.KeyId;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * This party's own identity: its private key and certificate chain (leaf first), as loaded from PKCS#12.
 * The private key never leaves this object except to sign or unwrap.
 */
public record Identity(String name, Role role, PrivateKey privateKey, List<X509Certificate> chain) {
    public Identity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("identity needs a certificate");
        }
    }

    /**
     * Loads the single key entry of a PKCS#12 file; name and role come from the certificate.
     * A wrong password (or a damaged file) throws UnrecoverableKeyException "wrong password or damaged file";
     * a missing file NoSuchFileException; no key, several keys, or a key not matching its certificate
     * KeyStoreException; a certificate without a well-formed name and role CertificateException.
     */
    public static Identity load(Path p12, char[] password) throws IOException, GeneralSecurityException {
        Pkcs12.KeyEntry entry = Pkcs12.read(p12, password);
        X509Certificate leaf = entry.certificate();
        if (leaf.getBasicConstraints() >= 0) {
            throw new KeyStoreException(p12 + " holds a CA key, not a party's identity");
        }
        Subject subject;
        try {
            subject = Subject.of(leaf);
        } catch (CertificateException e) {
            throw new CertificateException(p12 + ": " + e.getMessage(), e);
        }
        return new Identity(subject.name(), subject.role(), entry.privateKey(), entry.chain());
    }

    /** Writes this identity (key and chain) to a new owner-only PKCS#12 file; never overwrites. */
    public void writeNew(Path p12, char[] password) throws IOException, GeneralSecurityException {
        Pkcs12.writeNew(p12, name, privateKey, chain, password);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public PublicKey publicKey() {
        return certificate().getPublicKey();
    }

    public KeyId keyId() {
        return KeyId.of(publicKey());
    }

    /** Names the party and its key; never the private key, so an identity is safe to log. */
    @Override
    public String toString() {
        return "Identity[" + name + ", " + role + ", key " + keyId().fingerprint() + "]";
    }
}
