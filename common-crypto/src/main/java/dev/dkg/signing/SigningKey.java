package dev.dkg.signing;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Element;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.keygen.ThresholdKeyRecord;
import dev.dkg.keygen.ThresholdTranscript;
import java.util.HexFormat;
import java.util.List;

/**
 * The public side of a threshold key as a signing session needs it: its id, ciphersuite, threshold, holders
 * (in participant order: holder i has identifier i + 1), the group key PK and every holder's verification
 * share PK_i. Everything here is public; the Coordinator checks each signature share against PK_i.
 */
public record SigningKey(byte[] keyId, Ciphersuite suite, int threshold, List<String> holders, Element groupKey,
                         List<Element> verificationShares) {
    public SigningKey {
        keyId = SigningMessages.exact(keyId, SigningMessages.KEY_ID_BYTES, "key id");
        holders = List.copyOf(holders);
        verificationShares = List.copyOf(verificationShares);
        if (threshold < 1 || threshold > holders.size() || holders.size() > SigningMessages.MAX_SIGNERS
                || verificationShares.size() != holders.size()) {
            throw new IllegalArgumentException("a key needs 1 <= t <= n <= 255 and one verification share per holder");
        }
        if (groupKey.suite() != suite || verificationShares.stream().anyMatch(e -> e.suite() != suite)) {
            throw new IllegalArgumentException("every element of a key must be of its ciphersuite");
        }
    }

    /** The key a threshold key-generation round made (its public record in key_store). */
    public static SigningKey of(ThresholdKeyRecord record) {
        ThresholdTranscript t = record.transcript();
        return new SigningKey(t.keyId(), t.suite(), t.threshold(), t.participants(), t.groupKey(), t.verificationShares());
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    /** The RFC 9591 identifier of {@code holder}, or 0 if it does not hold a share of this key. */
    public int identifierOf(String holder) {
        return holders.indexOf(holder) + 1;
    }

    /** The holder with RFC 9591 identifier {@code identifier} (1-based). */
    public String holder(int identifier) {
        return holders.get(identifier - 1);
    }

    /** PK_i of the holder with {@code identifier}. */
    public Element verificationShare(int identifier) {
        return verificationShares.get(identifier - 1);
    }

    public GroupPublicKey publicKey() {
        return new GroupPublicKey(groupKey);
    }

    /** "ed25519 2-of-3". */
    public String describe() {
        return suite.scheme() + " " + threshold + "-of-" + holders.size();
    }
}
