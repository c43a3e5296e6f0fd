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
 * A verifier MUST check R = mu·G - c·C_i0 and that C_i0 is not the identity. Vector (checked by
 * ProofOfKnowledgeVectorsTest): i = 1, a_10 = 7, k = 11, context = ASCII "dkg-vector" give, for Ed25519,
 * C_10 = b862409fb5c4c4123df2abf7462b88f041ad36dd6864ce872fd5472be363c5b1,
 * c = 647967100a6dd2135678fbda44fe028f0d9b4960ecb1230ff0b7b03cdf4d7205 and the proof
 * 1337036ac32d8f30d4589c3c1c595812ce0fff40e37c6f5a97ab213f318290ad ||
 * eda9e8b811359cdaad10f1b6240057bf5e3d03a276ddf9699007d5a81a212006 (the secp256k1 and P-256 values are
 * in the test).
 *
 * <h2>DKG results</h2>
 * With C_i = (C_i0, ..., C_i,t-1) the commitment of participant i and f_i its polynomial: participant j
 * MUST check every share f_i(j)·G = Σ_k C_ik·j^k; its signing share is s_j = Σ_i f_i(j) mod q; the group
 * commitment is C = Σ_i C_i (coefficient-wise), the group key PK = C_0 = Σ_i C_i0 and participant j's
 * verification share PK_j = Σ_k C_k·j^k (= s_j·G).
 *
 * <h2>Signing (RFC 9591 sections 4-5, exactly)</h2>
 * Round one: d_i = H3(random_32 || SerializeScalar(s_i)), e_i likewise with fresh 32 random bytes;
 * D_i = d_i·G, E_i = e_i·G. Round two, for the commitment list L sorted by identifier: rho_i =
 * H1(SerializeElement(PK) || H4(msg) || H5(encode(L)) || SerializeScalar(i)); R = Σ (D_i + rho_i·E_i);
 * c = H2(SerializeElement(R) || SerializeElement(PK) || msg); lambda_i = Π_{j≠i} j/(j-i);
 * z_i = d_i + e_i·rho_i + lambda_i·s_i·c. The Coordinator MUST check z_i·G = D_i + rho_i·E_i +
 * (c·lambda_i)·PK_i for every share, sums z = Σ z_i, and checks z·G = R + c·PK (Ed25519: cofactored).
 *
 * <h2>Refresh and redistribution</h2>
 * Refresh: every holder i deals g_i with g_i(0) = 0 and sends D_i = (g_i,1·G, ..., g_i,t-1·G) (no D_i0);
 * holder j MUST check g_i(j)·G = Σ_{k>=1} D_ik·j^k, then s'_j = s_j + Σ_i g_i(j), C' = C + Σ_i D_i.
 * Redistribution to threshold t' from a set S of t old holders: old holder i deals h_i with h_i(0) = s_i
 * and commitment E_i; new holder j MUST check E_i0 = PK_i (the old verification share) and
 * h_i(j)·G = Σ_k E_ik·j^k; then s'_j = Σ_{i in S} lambda_i^S·h_i(j) and C' = Σ_{i in S} lambda_i^S·E_i,
 * whose constant MUST equal PK.
 *
 * <h2>Limitations</h2>
 * <ul>
 *   <li>Scalars are {@link java.math.BigInteger}s: scalar arithmetic is not constant-time and the values
 *       cannot be wiped. Do not run where an attacker can time operations closely.
 *   <li>Secret scalars only ever multiply the generator (nonces, shares, polynomial coefficients, proof
 *       nonces); every multiplication of another point is by a public scalar (binding factor, challenge,
 *       Lagrange coefficient, identifier). Edwards25519 base and point multiplication read every table
 *       entry and run a fixed operation sequence; the Weierstrass suites' base multiplication is Bouncy
 *       Castle's fixed-point comb, other multiplications its variable-time wNAF/GLV code.
 *   <li>Signatures are verified strictly: R must be a canonical prime-order-subgroup element and z &lt; L.
 *       Every FROST signature meets that; an Ed25519 signature from elsewhere whose R has a small-order
 *       component, which some RFC 8032 verifiers accept, is refused here.
 *   <li>{@link dev.dkg.frost.SigningNonces} keep their scalars in byte arrays wiped by {@code destroy()};
 *       {@link dev.dkg.frost.Frost#sign} always destroys them.
 * </ul>
 */
package dev.dkg.frost;
