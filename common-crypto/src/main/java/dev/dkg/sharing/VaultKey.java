package dev.dkg.sharing;

import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.Hkdf;
import dev.dkg.crypto.Secrets;
import dev.dkg.vss.Secret;
import java.nio.charset.StandardCharsets;

/**
 * Derives a vault's AES-256 key from the shared secret: {@code HKDF-SHA-256(salt = vault-id, ikm = s as 32
 * bytes, info = "dkg vault v1", 32)}.
 *
 * <p>Guarantee: with s uniform in Z_q the key is uniform and independent of every other vault's key and of
 * anything public (the commitments publish s·G, not s). The returned key is the caller's to wipe.
 */
public final class VaultKey {
    public static final String INFO = "dkg vault v1";

    private VaultKey() {}

    public static byte[] derive(Secret secret, VaultId vault) {
        byte[] ikm = secret.toBytes();
        try {
            return Hkdf.derive(vault.bytes(), ikm, INFO.getBytes(StandardCharsets.US_ASCII), Algorithms.AES_KEY_BYTES);
        } finally {
            Secrets.wipe(ikm);
        }
    }
}
