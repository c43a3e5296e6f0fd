package dev.dkg.sharing;

import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.EnvelopeException;
import dev.dkg.vss.SubShare;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Seals a redistribution sub-share from an old holder to a new holder, for the dealer to relay: an
 * {@link Envelope} of kind {@link SharingKinds#SEALED_SUBSHARE} with the new holder's key as the only
 * recipient, signed by the old holder, session id = vault id, sequence = the new epoch.
 *
 * <p>Guarantee: only the new holder can read the sub-share, and {@link #open} returns it only if it was
 * sealed by the given old holder for this vault and epoch, from and to the expected x. The dealer who
 * relays it learns nothing of its value and cannot alter or redirect it.
 */
public final class SealedSubShare {
    private SealedSubShare() {}

    public static byte[] seal(SubShare subShare, VaultId vault, long newEpoch, PrivateKey senderKey,
                              PublicKey senderPublic, PublicKey recipient) throws GeneralSecurityException {
        byte[] plaintext = subShare.toBytes();
        try {
            return Envelope.seal(SharingKinds.SEALED_SUBSHARE, vault.bytes(), newEpoch, senderKey, senderPublic,
                    List.of(recipient), plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Opens a sealed sub-share addressed to {@code myPublic}, sealed by {@code senderPublic}, for
     * {@code vault} and {@code newEpoch}, from old holder {@code senderX} to new holder {@code myX}.
     */
    public static SubShare open(byte[] sealed, VaultId vault, long newEpoch, int senderX, int myX, PrivateKey myKey,
                                PublicKey myPublic, PublicKey senderPublic) throws EnvelopeException {
        Envelope.Opened opened = Envelope.open(sealed,
                new Envelope.Expect(vault.bytes(), newEpoch, Set.of(SharingKinds.SEALED_SUBSHARE)),
                myKey, myPublic, senderPublic);
        byte[] plaintext = opened.plaintext();
        try {
            SubShare subShare = SubShare.fromBytes(plaintext);
            if (subShare.senderX() != senderX || subShare.recipientX() != myX) {
                throw new EnvelopeException("sealed sub-share is from x=" + subShare.senderX() + " to x="
                        + subShare.recipientX() + ", expected from x=" + senderX + " to x=" + myX);
            }
            return subShare;
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException("sealed sub-share does not decode: " + e.getMessage());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
