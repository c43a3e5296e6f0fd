package dev.dkg.sharing;

import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.CryptoProvider;
import dev.dkg.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The byte strings that sharing signatures cover. Each begins with its own ASCII label, so a signature made
 * for one purpose never verifies as another; every other field has a fixed length, so the concatenation
 * is unambiguous.
 */
public final class Statements {
    static final String RECEIPT = "dkg share receipt v1";
    static final String COLLECT = "dkg collect request v1";
    static final String RETURN = "dkg share return v1";

    private Statements() {}

    /** "dkg share receipt v1" | vault-id | epoch u32 | x u8 | SHA-256(commitments encoding). */
    public static byte[] receipt(VaultId vault, long epoch, int x, byte[] commitmentsHash) {
        return label(RECEIPT).bytes(vault.bytes()).u32(epoch).u8(x).bytes(commitmentsHash).toByteArray();
    }

    /** "dkg collect request v1" | vault-id | epoch u32 | nonce 32B. */
    public static byte[] collect(VaultId vault, long epoch, byte[] nonce) {
        return label(COLLECT).bytes(vault.bytes()).u32(epoch).bytes(nonce).toByteArray();
    }

    /** "dkg share return v1" | vault-id | epoch u32 | nonce 32B | share (x u8 | y 32B). Wipe after use. */
    public static byte[] shareReturn(VaultId vault, long epoch, byte[] nonce, byte[] share) {
        WireWriter w = label(RETURN).bytes(vault.bytes()).u32(epoch).bytes(nonce).bytes(share);
        byte[] out = w.toByteArray();
        w.wipe();
        return out;
    }

    /** SHA-256 of an encoding (commitments), as receipts carry it. */
    public static byte[] hash(byte[] encoding) {
        try {
            return CryptoProvider.active().digest(Algorithms.SHA256).digest(encoding);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WireWriter label(String label) {
        return new WireWriter(128).bytes(label.getBytes(StandardCharsets.US_ASCII));
    }
}
