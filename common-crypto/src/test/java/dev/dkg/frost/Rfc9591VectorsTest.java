package dev.dkg.frost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every value of the RFC 9591 appendix E vectors (src/test/resources/rfc9591) reproduced byte for byte:
 * group key, trusted-dealer shares, nonces from the given randomness, commitments, binding factor inputs
 * and factors, signature shares, the signature; then the Coordinator's checks accept it all.
 */
class Rfc9591VectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Map<String, Object> vectors(Ciphersuite suite) {
        String file = switch (suite) {
            case ED25519 -> "frost-ed25519-sha512.json";
            case SECP256K1 -> "frost-secp256k1-sha256.json";
            case P256 -> "frost-p256-sha256.json";
        };
        return Json.resource("/rfc9591/" + file);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.get(key);
    }

    private static byte[] hex(Map<String, Object> parent, String key) {
        return HEX.parseHex((String) parent.get(key));
    }

    private static int identifier(Map<String, Object> entry) {
        return ((Long) entry.get("identifier")).intValue();
    }

    @ParameterizedTest
    @EnumSource(Ciphersuite.class)
    void reproducesEveryValueOfTheVectors(Ciphersuite suite) throws Exception {
        Map<String, Object> root = vectors(suite);
        Map<String, Object> config = object(root, "config");
        Map<String, Object> inputs = object(root, "inputs");
        Frost frost = new Frost(suite);
        int maxParticipants = Integer.parseInt((String) config.get("MAX_PARTICIPANTS"));
        assertThat(Integer.parseInt((String) config.get("MIN_PARTICIPANTS"))).isEqualTo(2);
        byte[] message = hex(inputs, "message");

        // Key generation: secret -> PK, the dealer's polynomial -> every share.
        BigInteger secret = suite.deserializeScalar(hex(inputs, "group_secret_key"));
        Element groupKey = suite.baseMultiply(secret);
        assertThat(groupKey.toBytes()).isEqualTo(hex(inputs, "group_public_key"));
        assertThat(suite.deserializeElement(hex(inputs, "group_public_key"))).isEqualTo(groupKey);
        List<BigInteger> coefficients = new ArrayList<>();
        coefficients.add(secret);
        for (Object c : (List<?>) inputs.get("share_polynomial_coefficients")) {
            coefficients.add(suite.deserializeScalar(HEX.parseHex((String) c)));
        }
        TrustedDealer.Keys keys = TrustedDealer.deal(new Polynomial(suite, coefficients), maxParticipants);
        assertThat(keys.groupKey()).isEqualTo(groupKey);
        List<Map<String, Object>> shareVectors = objects(inputs, "participant_shares");
        assertThat(keys.shares()).hasSameSizeAs(shareVectors);
        for (Map<String, Object> v : shareVectors) {
            SecretShare share = keys.shares().get(identifier(v) - 1);
            assertThat(share.identifier()).isEqualTo(identifier(v));
            assertThat(share.toBytes()).isEqualTo(hex(v, "participant_share"));
            keys.commitment().verifyShare(share, 1);
        }

        // Round one: nonces and commitments from the given randomness.
        List<Map<String, Object>> roundOne = objects(object(root, "round_one_outputs"), "outputs");
        List<SigningNonces> nonces = new ArrayList<>();
        List<SigningCommitment> commitments = new ArrayList<>();
        for (Map<String, Object> v : roundOne) {
            SecretShare share = keys.shares().get(identifier(v) - 1);
            SigningNonces n = frost.commit(share, hex(v, "hiding_nonce_randomness"), hex(v, "binding_nonce_randomness"));
            assertThat(n.hidingBytes()).isEqualTo(hex(v, "hiding_nonce"));
            assertThat(n.bindingBytes()).isEqualTo(hex(v, "binding_nonce"));
            assertThat(n.commitment().hiding().toBytes()).isEqualTo(hex(v, "hiding_nonce_commitment"));
            assertThat(n.commitment().binding().toBytes()).isEqualTo(hex(v, "binding_nonce_commitment"));
            nonces.add(n);
            commitments.add(n.commitment());
        }
        SortedMap<Integer, BigInteger> factors = frost.computeBindingFactors(groupKey, commitments, message);
        for (Map<String, Object> v : roundOne) {
            assertThat(frost.bindingFactorInput(groupKey, commitments, message, identifier(v)))
                    .isEqualTo(hex(v, "binding_factor_input"));
            assertThat(suite.serializeScalar(factors.get(identifier(v)))).isEqualTo(hex(v, "binding_factor"));
        }
        // The commitment list survives its own encoding.
        for (SigningCommitment c : commitments) {
            assertThat(SigningCommitment.fromBytes(suite, c.toBytes())).isEqualTo(c);
        }

        // Round two: signature shares.
        List<Map<String, Object>> roundTwo = objects(object(root, "round_two_outputs"), "outputs");
        List<SignatureShare> shares = new ArrayList<>();
        for (int k = 0; k < roundTwo.size(); k++) {
            Map<String, Object> v = roundTwo.get(k);
            SecretShare share = keys.shares().get(identifier(v) - 1);
            SignatureShare z = frost.sign(share, groupKey, nonces.get(k), message, commitments);
            assertThat(z.toBytes()).isEqualTo(hex(v, "sig_share"));
            assertThat(nonces.get(k).isDestroyed()).isTrue();
            frost.verifySignatureShare(z, keys.commitment().evaluate(z.identifier()), commitments, groupKey, message);
            shares.add(z);
        }

        // Aggregation and the final signature.
        byte[] expected = hex(object(root, "final_output"), "sig");
        Signature signature = frost.aggregate(commitments, message, groupKey, shares);
        assertThat(signature.toBytes()).isEqualTo(expected);
        Map<Integer, Element> verificationShares = new java.util.HashMap<>();
        for (SecretShare s : keys.shares()) {
            verificationShares.put(s.identifier(), s.verificationShare());
        }
        assertThat(frost.aggregateVerified(commitments, message, groupKey, shares, verificationShares).toBytes())
                .isEqualTo(expected);
        frost.verify(groupKey, message, Signature.fromBytes(suite, expected));
        if (suite == Ciphersuite.ED25519) {
            assertThat(Ed25519.verify(expected, 0, groupKey.toBytes(), 0, message, 0, message.length))
                    .as("Bouncy Castle's RFC 8032 verifier").isTrue();
        }
    }
}
