package dev.dkg.signing;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Frost;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.frost.InvalidEncodingException;
import dev.dkg.frost.Signature;
import dev.dkg.frost.VerificationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A signature file as {@code sign} writes it and {@code verify} reads it: the RFC 9591 serialisation (Ed25519:
 * 64 bytes R || z, the RFC 8032 signature openssl reads with {@code -sigfile}; secp256k1 and P-256: 33-byte
 * compressed R || 32-byte z), raw or as one line of lowercase hex.
 */
public enum SignatureFile {
    RAW, HEX;

    /** "raw" or "hex". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SignatureFile forLabel(String label) {
        for (SignatureFile f : values()) {
            if (f.label().equals(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown signature format '" + label + "' (expected hex or raw)");
    }

    /** Writes {@code signature} to a new file (never overwrites). */
    public void write(Path file, byte[] signature) throws IOException {
        byte[] content = this == RAW ? signature
                : (HexFormat.of().formatHex(signature) + "\n").getBytes(StandardCharsets.US_ASCII);
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Reads a signature file in this format; hex may end with one newline. */
    public byte[] read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        if (this == RAW) {
            return content;
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException(file + " is not a hex signature");
        }
    }

    /**
     * Checks {@code signature} over {@code message} under {@code key} (RFC 9591 / RFC 8032 verification).
     *
     * @throws VerificationException if it does not verify
     * @throws InvalidEncodingException if it is not a signature of the key's suite at all
     */
    public static void verify(GroupPublicKey key, byte[] message, byte[] signature) throws VerificationException {
        Ciphersuite suite = key.suite();
        new Frost(suite).verify(key.element(), message, Signature.fromBytes(suite, signature));
    }
}
