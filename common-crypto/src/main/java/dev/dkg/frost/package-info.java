/**
 * FROST threshold Schnorr signatures (RFC 9591) and the Pedersen DKG that makes their keys, over the
 * ciphersuites FROST-ED25519-SHA512-v1, FROST-secp256k1-SHA256-v1 and FROST-P256-SHA256-v1. Pure
 * algebra and encodings; keygen-server and keygen-client move these values over the sealed channels.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.dkg.frost.Ciphersuite}: group, scalars, encodings, H1..H5, HDKG.
 *   <li>{@link dev.dkg.frost.Frost}: RFC 9591 signing: {@code commit}, {@code sign},
 *       {@code verifySignatureShare}, {@code aggregateVerified}, {@code verify}.
 *   <li>{@link dev.dkg.frost.PedersenDkg}: {@code deal}, {@code verifyProof}, share checks
 *       ({@link dev.dkg.frost.VssCommitment#verifyShare}), {@code signingShare}, {@code groupCommitment}.
 *   <li>{@link dev.dkg.frost.ShareRefresh}, {@link dev.dkg.frost.ShareRedistribution}: the life of a key.
 *   <li>{@link dev.dkg.frost.GroupPublicKey}: SubjectPublicKeyInfo DER/PEM export of PK.
 *   <li>{@link dev.dkg.frost.TrustedDealer}, {@link dev.dkg.frost.Lagrange}: RFC 9591 appendix C, for tests.
 * </ul>
 * Every check throws {@link dev.dkg.frost.VerificationException} (checked) naming the culprit when it can;
 * malformed bytes throw {@link dev.dkg.frost.InvalidEncodingException}; misuse (unsorted commitment lists,
 * identifiers out of 1..65535, mixed suites) throws {@link java.lang.IllegalArgumentException}.
 *
 * <h2>Encodings (normative; RFC 9591 section 6)</h2>
 * <table>
 *   <caption>per ciphersuite</caption>
 *   <tr><th></th><th>ed25519</th><th>secp256k1, p256</th></tr>
 *   <tr><td>scalar (Ns = 32)</td><td>32 bytes little-endian, value &lt; L</td>
 *       <td>32 bytes big-endian, value &lt; n</td></tr>
 *   <tr><td>element (Ne)</td><td>32 bytes, RFC 8032 5.1.2</td><td>33 bytes SEC1 compressed (02/03 || x)</td></tr>
 *   <tr><td>identifier i</td><td colspan="2">SerializeScalar(i); here 1 &lt;= i &lt;= 65535</td></tr>
 *   <tr><td>signature</td><td colspan="2">SerializeElement(R) || SerializeScalar(z): 64 / 65 bytes</td></tr>
 *   <tr><td>signing commitment</td><td colspan="2">SerializeScalar(i) || SerializeElement(D_i) ||
 *       SerializeElement(E_i): 96 / 98 bytes</td></tr>
 *   <tr><td>signature share, secret share</td><td colspan="2">SerializeScalar(value)</td></tr>
 *   <tr><td>VSS commitment (t coefficients)</td><td colspan="2">SerializeElement(C_0) || ... ||
 *       SerializeElement(C_{t-1}); a refresh dealing omits C_0 (the identity)</td></tr>
 *   <tr><td>proof of knowledge</td><td colspan="2">SerializeElement(R) || SerializeScalar(mu)</td></tr>
 * </table>
 * Decoders MUST refuse: a wrong length; a scalar &gt;= the order; an element that is not a point, is
 * the identity, is not in canonical form (Ed25519 y &gt;= p or x = 0 with the sign bit set; SEC1 prefix
 * other than 02/03, x &gt;= p) or, for Ed25519, is not in the prime-order subgroup (L·P != identity).
 *
 * <h2>Hashes</h2>
 * ctx is the contextString. Ed25519: H1(m) = SHA-512(ctx || "rho" || m), H2(m) = SHA-512(m),
 * H3(m) = SHA-512(ctx || "nonce" || m), HDKG(m) = SHA-512(ctx || "dkg" || m), each read little-endian
 * mod L; H4(m) = SHA-512(ctx || "msg" || m), H5(m) = SHA-512(ctx || "com" || m). secp256k1 and P-256:
 * H1, H2, H3, HDKG are hash_to_field(m, 1) of RFC 9380 (expand_message_xmd with SHA-256, L = 48, mod n)
 * with DST ctx || "rho", ctx || "chal", ctx || "nonce", ctx || "dkg"; H4 and H5 are SHA-256(ctx || "msg"
 * || m) and SHA-256(ctx || "com" || m).
 *
 * <h2>DKG proof of knowledge</h2>
 * Participant i with constant a_i0 and C_i0 = a_i0·G picks k uniform in [1, q-1], R = k·G, and sends
 * (R, mu = k + a_i0·c) with
 * <pre>
 * c = HDKG(I2OSP(len(context), 4) || context || SerializeScalar(i) || SerializeElement(C_i0) || SerializeElement(R))
 * </pre>
 * where context is supplied by the round protocol (it binds the proof to one round and participant list).
 * A verifier MUST check R = mu·G - c·C_i0 and that C_i0 is not the identity.
 *
 * <h2>Limitations</h2>
 * <ul>
 *   <li>Scalars are {@link java.math.BigInteger}s: scalar arithmetic is not constant-time and the values
 *       cannot be wiped. Edwards25519 point multiplication has a fixed operation sequence; the Weierstrass
 *       suites use Bouncy Castle's multipliers. Do not run where an attacker can time operations closely.
 *   <li>{@link dev.dkg.frost.SigningNonces} keep their scalars in byte arrays wiped by {@code destroy()};
 *       {@link dev.dkg.frost.Frost#sign} always destroys them.
 * </ul>
 */
package dev.dkg.frost;
