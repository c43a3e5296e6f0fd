package dev.dkg.pki;

import dev.dkg.crypto.KeyId;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
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

    /** Loads the single key entry of a PKCS#12 file; name and role come from the certificate. */
    public static Identity load(Path p12, char[] password) throws IOException, GeneralSecurityException {
        throw new UnsupportedOperationException("pending: pki implementation");
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
}
