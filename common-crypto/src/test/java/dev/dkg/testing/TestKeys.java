package dev.dkg.testing;

import java.security.KeyPair;

/** Bare RSA-2048 key pairs for tests that need no certificate; drawn from {@link TestPki}'s per-JVM cache. */
public final class TestKeys {
    private TestKeys() {}

    /** The {@code index}-th shared key pair, generated on first use. */
    public static KeyPair rsa(int index) {
        return TestPki.keyPair("bare-" + index);
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
