package dev.dkg.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.RSAKeyGenParameterSpec;

/** Generates RSA key pairs of an explicit, allowed size with public exponent 65537 (never a JDK default size). */
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
}
