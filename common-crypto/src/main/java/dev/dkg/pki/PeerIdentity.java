package dev.dkg.pki;

import dev.dkg.crypto.KeyId;
import java.security.PublicKey;
import java.security.cert.X509Certificate;

/** A peer whose certificate chain validated against our CA: who it is and what it may do. */
public record PeerIdentity(String name, Role role, X509Certificate certificate) {
    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    public KeyId keyId() {
        return KeyId.of(publicKey());
    }
}
