package dev.dkg.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Element;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.frost.PedersenDkg;
import dev.dkg.frost.Polynomial;
import dev.dkg.frost.ProofOfKnowledge;
import dev.dkg.testing.ProtocolVectors;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The threshold key-generation vectors of docs/protocol.md section 15.6, read from the document: every value
 * the document derives is recomputed here from the vector's inputs and must match byte for byte.
 */
class ThresholdVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Every derived value of {@code v}, computed from its inputs alone, under the names the document uses. */
    static Map<String, String> derive(ProtocolVectors.Vector v) {
        Ciphersuite suite = Ciphersuite.forScheme(v.text("scheme-text"));
        List<String> names = Arrays.asList(v.text("participants-text").split(" "));
        int t = (int) v.number("threshold");
        byte[] roundId = v.hex("round-id");
        Map<String, String> out = new LinkedHashMap<>();
        List<byte[]> certificates = new ArrayList<>();
        List<byte[]> keyIds = new ArrayList<>();
        for (String n : names) {
            certificates.add(v.hex("certificate-" + n));
            keyIds.add(v.hex("key-id-" + n));
        }
        ThresholdOpen open = new ThresholdOpen(roundId, suite, t, v.number("deadline"), names, certificates);
        out.put("t-open", HEX.formatHex(open.encode()));
        byte[] context = ThresholdReveal.proofContext(roundId, names);
        out.put("pok-context", HEX.formatHex(context));
        PedersenDkg dkg = new PedersenDkg(suite);
        List<Polynomial> polynomials = new ArrayList<>();
        List<ThresholdReveal> reveals = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        List<byte[]> commitments = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            List<BigInteger> coefficients = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                coefficients.add(suite.deserializeScalar(v.hex("coefficient-" + n + "-" + k)));
            }
            Polynomial f = new Polynomial(suite, coefficients);
            polynomials.add(f);
            BigInteger nonce = suite.deserializeScalar(v.hex("pok-nonce-" + n));
            Element r = suite.baseMultiply(nonce);
            BigInteger c = dkg.challenge(i + 1, f.commitment().constant(), r, context);
            ThresholdReveal reveal = new ThresholdReveal(f.commitment(),
                    new ProofOfKnowledge(r, nonce.add(coefficients.get(0).multiply(c)).mod(suite.order())));
            reveals.add(reveal);
            byte[] body = reveal.encode();
            bodies.add(body);
            out.put("pok-challenge-" + n, HEX.formatHex(suite.serializeScalar(c)));
            out.put("reveal-" + n, HEX.formatHex(body));
            byte[] commitment = ThresholdTranscript.commitment(roundId, n, body);
            commitments.add(commitment);
            out.put("commitment-" + n, HEX.formatHex(commitment));
        }
        out.put("reveals", HEX.formatHex(ThresholdMessages.encodeList(bodies)));
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < names.size(); j++) {
                if (i != j) {
                    out.put("share-" + names.get(i) + "-to-" + names.get(j),
                            HEX.formatHex(polynomials.get(i).shareFor(j + 1).toBytes()));
                }
            }
        }
        ThresholdTranscript transcript = ThresholdTranscript.of(open, v.hex("server-key-id"), v.text("server-name-text"),
                keyIds, commitments, reveals);
        out.put("transcript", HEX.formatHex(transcript.encode()));
        out.put("transcript-hash", HEX.formatHex(transcript.hash()));
        out.put("key-id", transcript.keyIdHex());
        Element pk = transcript.groupKey();
        out.put("group-key", HEX.formatHex(pk.toBytes()));
        out.put("group-key-spki", HEX.formatHex(new GroupPublicKey(pk).toSubjectPublicKeyInfo()));
        out.put("group-key-fingerprint", GroupKeyFingerprint.of(pk));
        for (int j = 0; j < names.size(); j++) {
            BigInteger s = BigInteger.ZERO;
            for (Polynomial f : polynomials) {
                s = s.add(f.shareFor(j + 1).value());
            }
            out.put("signing-share-" + names.get(j), HEX.formatHex(suite.serializeScalar(s.mod(suite.order()))));
            out.put("verification-share-" + names.get(j), HEX.formatHex(transcript.verificationShares().get(j).toBytes()));
        }
        out.put("confirm-signed", HEX.formatHex(ThresholdConfirmation.signedBytes(transcript.hash(), pk)));
        return out;
    }

    @Test
    void everyDerivedValueMatchesTheDocument() {
        for (ProtocolVectors.Vector v : ProtocolVectors.load().all("threshold-round")) {
            Map<String, String> derived = derive(v);
            for (Map.Entry<String, String> e : derived.entrySet()) {
                String documented = e.getKey().endsWith("fingerprint") ? v.text(e.getKey() + "-text")
                        : HEX.formatHex(v.hex(e.getKey()));
                assertThat(e.getValue()).as(v.text("scheme-text") + " " + e.getKey()).isEqualTo(documented);
            }
        }
    }

    @Test
    void theDocumentedMessagesDecodeAndTheProofsAndSharesVerify() throws Exception {
        for (ProtocolVectors.Vector v : ProtocolVectors.load().all("threshold-round")) {
            Ciphersuite suite = Ciphersuite.forScheme(v.text("scheme-text"));
            List<String> names = Arrays.asList(v.text("participants-text").split(" "));
            int t = (int) v.number("threshold");
            ThresholdOpen open = ThresholdOpen.decode(v.hex("t-open"));
            assertThat(open.participants()).isEqualTo(names);
            List<byte[]> bodies = ThresholdMessages.decodeList(v.hex("reveals"), names.size(),
                    ThresholdMessages.MAX_REVEAL_BYTES, "reveal");
            for (int i = 0; i < names.size(); i++) {
                ThresholdReveal reveal = ThresholdReveal.decode(suite, t, bodies.get(i));
                reveal.verifyProof(v.hex("round-id"), i + 1, names);
                for (int j = 0; j < names.size(); j++) {
                    if (i != j) {
                        BigInteger share = suite.deserializeScalar(v.hex("share-" + names.get(i) + "-to-" + names.get(j)));
                        assertThat(reveal.promises(j + 1, share)).isTrue();
                        assertThat(reveal.promises(j + 1, share.add(BigInteger.ONE).mod(suite.order()))).isFalse();
                    }
                }
            }
            assertThat(ThresholdTranscript.decode(v.hex("transcript")).encode()).isEqualTo(v.hex("transcript"));
        }
    }

    /** Prints the derived values of the vectors in the document (to update it after a deliberate change). */
    public static void main(String[] args) {
        for (ProtocolVectors.Vector v : ProtocolVectors.load().all("threshold-round")) {
            System.out.println("== " + v.text("scheme-text"));
            derive(v).forEach((k, val) -> System.out.println(k + " = " + val));
        }
    }
}
