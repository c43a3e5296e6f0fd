package dev.dkg.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/** A public key's identifier: SHA-256 of its SubjectPublicKeyInfo DER encoding (32 bytes). */
public final class KeyId {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private KeyId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static KeyId of(PublicKey key) {
        try {
            return new KeyId(CryptoProvider.active().digest(Algorithms.SHA256).digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyId fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("key id must be 32 bytes");
        }
        return new KeyId(bytes.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Short form for people: the first 8 bytes, colon-separated pairs of hex. */
    public String fingerprint() {
        return HexFormat.ofDelimiter(":").formatHex(bytes, 0, 8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
