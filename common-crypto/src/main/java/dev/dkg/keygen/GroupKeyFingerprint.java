package dev.dkg.keygen;

import dev.dkg.crypto.Sha256;
import dev.dkg.frost.Element;
import dev.dkg.frost.GroupPublicKey;
import java.util.HexFormat;

/**
 * The fingerprint receipts and listings show for a threshold group key: the first 8 bytes, in hex, of
 * SHA-256 of its SubjectPublicKeyInfo DER ({@link GroupPublicKey#toSubjectPublicKeyInfo}), so
 * {@code openssl pkey -pubin -in PUB.pem -outform DER | sha256sum} reproduces it from an export.
 */
public final class GroupKeyFingerprint {
    private GroupKeyFingerprint() {}

    public static String of(Element groupKey) {
        return HexFormat.of().formatHex(Sha256.of(new GroupPublicKey(groupKey).toSubjectPublicKeyInfo()), 0, 8);
    }
}
