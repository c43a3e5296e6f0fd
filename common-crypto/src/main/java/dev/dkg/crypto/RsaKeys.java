package dev.dkg.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * Generates RSA key pairs of an explicit, allowed size with public exponent 65537 (never a JDK default size),
 * and checks that a peer's public key is one the suite accepts.
 */
public final class RsaKeys {
    private RsaKeys() {}

    public static KeyPair generate(int bits) {
        return generate(bits, new SecureRandom());
    }

    public static KeyPair generate(int bits, SecureRandom random) {
        Algorithms.checkRsaBits(bits);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(Algorithms.RSA);
            g.initialize(new RSAKeyGenParameterSpec(bits, Algorithms.RSA_PUBLIC_EXPONENT), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    /** Length in bytes of the key's modulus: the size of its signatures and OAEP ciphertexts. */
    public static int modulusBytes(RSAKey key) {
        return (key.getModulus().bitLength() + 7) / 8;
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
