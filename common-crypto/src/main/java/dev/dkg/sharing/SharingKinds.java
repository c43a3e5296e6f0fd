package dev.dkg.sharing;

import dev.dkg.wire.MessageKinds;

/**
 * The envelope kinds of verifiable sharing (range 0x0300–0x03FF of {@link MessageKinds}); docs/protocol.md,
 * "Threshold sharing", specifies the body of each.
 */
public final class SharingKinds {
    /** Dealer to holder: a share, its index, the holder list and the commitments. */
    public static final int SHARE_OFFER = 0x0301;
    /** Holder to dealer: a signed receipt for a share stored (after an offer, refresh or redistribution). */
    public static final int RECEIPT = 0x0302;
    /** Dealer to holder: a signed request for the share of a vault, bound to a fresh nonce. */
    public static final int COLLECT_REQUEST = 0x0303;
    /** Holder to dealer: the share, signed by the holder and bound to the request's nonce. */
    public static final int SHARE_RETURN = 0x0304;
    /** Holder to dealer: a request was not carried out, and why. */
    public static final int REFUSAL = 0x0305;
    /** Holder to dealer: still here (keeps the dealer's idle timeout from closing a quiet holder). */
    public static final int HEARTBEAT = 0x0306;
    /** Dealer to holder: a refresh delta and its commitments. */
    public static final int REFRESH_OFFER = 0x0310;
    /** Dealer to holder: the new sharing epoch is in force; older shares of the vault are to be wiped. */
    public static final int EPOCH_COMMIT = 0x0311;
    /** Dealer to holder: the pending epoch failed; its share is to be wiped, the old one kept. */
    public static final int EPOCH_ABORT = 0x0312;
    /** Dealer to holder: the holder is no longer part of the vault; all its shares of it are to be wiped. */
    public static final int SHARE_DELETE = 0x0313;
    /** Holder to dealer: it carried out an EPOCH_COMMIT or SHARE_DELETE (the notice it answers is in the body). */
    public static final int NOTICE_DONE = 0x0314;
    /** Dealer to old holder: sub-share your share for the listed new holders. */
    public static final int SUBSHARE_REQUEST = 0x0320;
    /** Old holder to dealer: sender commitments and one sealed sub-share per new holder. */
    public static final int SUBSHARE_BUNDLE = 0x0321;
    /** Dealer to new holder: every sender's commitments and the sub-share sealed to this holder. */
    public static final int SUBSHARE_DELIVERY = 0x0322;
    /** Envelope kind of a sub-share sealed by an old holder to a new holder (relayed unopened by the dealer). */
    public static final int SEALED_SUBSHARE = 0x0330;
    /** Envelope kind of a holder's stored share file (sealed to the holder itself). */
    public static final int STORED_SHARE = 0x0340;
    /** Envelope kind of a holder's vault binding file: the dealer key a vault is bound to (sealed to the holder). */
    public static final int VAULT_BINDING = 0x0342;
    /** Envelope kind of a dealer's vault state record (sealed to the dealer itself). */
    public static final int VAULT_STATE = 0x0341;

    private SharingKinds() {}
}
