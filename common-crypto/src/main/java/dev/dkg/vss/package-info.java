/**
 * Verifiable secret sharing over the P-256 scalar field: Shamir's t-of-n sharing with Feldman commitments,
 * proactive refresh, and redistribution to a new threshold and new holders without reconstructing the
 * secret. Pure algebra and encodings; the dealer and share-holder roles move these values over the
 * network.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.dkg.vss.Feldman}: {@code randomSecret}, {@code split}, {@code combine}.
 *   <li>{@link dev.dkg.vss.Commitments#verify(dev.dkg.vss.Share)}: a holder's check of its share.
 *   <li>{@link dev.dkg.vss.Refresh}: a sharing of zero added to every share.
 *   <li>{@link dev.dkg.vss.Redistribution}: sub-sharing by old holders, combination by new holders.
 * </ul>
 * Every check throws {@link dev.dkg.vss.ShareVerificationException} (a
 * {@link java.security.GeneralSecurityException}) naming the party at fault; none returns a boolean.
 * Malformed encodings and misuse (wrong counts, repeated or out-of-range x) throw
 * {@link java.lang.IllegalArgumentException} with a plain message.
 *
 * <h2>Encodings</h2>
 * All fixed-layout, big-endian, and decoded strictly: wrong lengths, trailing bytes, scalars >= q,
 * x = 0, the identity point and non-canonical point encodings are refused rather than repaired.
 * <ul>
 *   <li>scalar: 32 bytes, value &lt; q ({@link dev.dkg.vss.Secret} also refuses 0);
 *   <li>{@link dev.dkg.vss.Share}, {@link dev.dkg.vss.RefreshDelta}: x (u8, 1..255) | scalar = 33 bytes;
 *   <li>{@link dev.dkg.vss.SubShare}: sender x (u8) | recipient x (u8) | scalar = 34 bytes;
 *   <li>{@link dev.dkg.vss.CurvePoint}: 33-byte SEC1 compressed, on the curve, not the identity;
 *   <li>{@link dev.dkg.vss.Commitments}: count (u8, 2..255) | count points, C_0 first;
 *   <li>{@link dev.dkg.vss.RefreshCommitments}: count (u8, 1..254) | count points, D_1 first.
 * </ul>
 *
 * <h2>Limitations</h2>
 * <ul>
 *   <li><b>Not constant-time.</b> Field arithmetic uses {@link java.math.BigInteger} and point arithmetic
 *       uses Bouncy Castle's general-purpose code; both take time that depends on secret values. Run it
 *       where an attacker cannot time these operations closely (not in a shared-tenancy host under
 *       attacker load), and do not expose it as an oracle that answers in variable time.
 *   <li>Secret values held as {@code BigInteger} cannot be wiped; they live until garbage collection.
 *       Byte arrays from {@code toBytes()} can and should be wiped by the caller.
 *   <li>Feldman commitments publish s·G, so the secret must be uniformly random
 *       ({@link dev.dkg.vss.Feldman#randomSecret}), never derived from a guessable phrase.
 *   <li>Non-constant polynomial coefficients are drawn from [1, q-1] so that no commitment is the
 *       identity; the distance from uniform over Z_q is negligible (below 2^-247).
 * </ul>
 */
package dev.dkg.vss;
