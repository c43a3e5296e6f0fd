package dev.dkg.testing;

import dev.dkg.crypto.RsaKeys;
import java.security.KeyPair;

/** RSA-2048 key pairs generated once per JVM and shared by tests: key generation is slow. */
public final class TestKeys {
    private static final KeyPair[] KEYS = new KeyPair[4];

    private TestKeys() {}

    /** The {@code index}-th shared key pair (0..3), generated on first use. */
    public static synchronized KeyPair rsa(int index) {
        if (KEYS[index] == null) {
            KEYS[index] = RsaKeys.generate(2048);
        }
        return KEYS[index];
    }

    public static KeyPair alice() {
        return rsa(0);
    }

    public static KeyPair bob() {
        return rsa(1);
    }

    public static KeyPair carol() {
        return rsa(2);
    }

    public static KeyPair mallory() {
        return rsa(3);
    }
}
