package dev.dkg.pki;

import dev.dkg.crypto.Algorithms;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;

/** Generates RSA key pairs at an explicit, allowed size, and checks that a public key is one of ours. */
public final class RsaKeys {
    private RsaKeys() {}

    /** A fresh key pair of {@code bits} (2048, 3072 or 4096) with exponent 65537. */
    public static KeyPair generate(int bits, SecureRandom random) {
        Algorithms.checkRsaBits(bits);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(Algorithms.RSA);
            generator.initialize(new RSAKeyGenParameterSpec(bits, Algorithms.RSA_PUBLIC_EXPONENT), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    /** Returns the key's size in bits if it is an RSA key of an allowed size; throws InvalidKeyException otherwise. */
    public static int checkAllowed(PublicKey key) throws InvalidKeyException {
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new InvalidKeyException("key is " + key.getAlgorithm() + ", not RSA");
        }
        int bits = rsa.getModulus().bitLength();
        try {
            return Algorithms.checkRsaBits(bits);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException(e.getMessage());
        }
    }
}
