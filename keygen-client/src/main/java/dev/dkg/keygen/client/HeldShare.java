package dev.dkg.keygen.client;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Element;
import dev.dkg.frost.InvalidEncodingException;
import dev.dkg.frost.SecretShare;
import dev.dkg.keygen.ThresholdReceipt;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * This client's share of one threshold key, as kept sealed to its own key ({@link ThresholdShareStore}):
 * the server's receipt (key id, suite, t, participants, group key PK, every confirmation), this client's
 * identifier and signing share s_j, and every participant's verification share Y_i = s_i·G (participant
 * order), which a signer needs to check signature shares. Plaintext layout: {@code version u8 (1) |
 * receipt bytes32 | identifier u8 | SerializeScalar(s_j) | count u8 | SerializeElement(Y_i) …}.
 *
 * <p>Secret: {@link #signingShare()}; {@link #toString()} never shows it.
 */
public record HeldShare(ThresholdReceipt receipt, SecretShare signingShare, List<Element> verificationShares) {
    public static final int VERSION = 1;

    public HeldShare {
        verificationShares = List.copyOf(verificationShares);
        if (verificationShares.size() != receipt.participants().size()) {
            throw new IllegalArgumentException("one verification share per participant");
        }
        if (!verificationShares.get(signingShare.identifier() - 1).equals(signingShare.verificationShare())) {
            throw new IllegalArgumentException("the signing share does not match its verification share");
        }
    }

    public String keyIdHex() {
        return receipt.keyIdHex();
    }

    public Ciphersuite suite() {
        return receipt.suite();
    }

    public Element groupKey() {
        return receipt.groupKey();
    }

    public int identifier() {
        return signingShare.identifier();
    }

    /** The secret plaintext to seal; the caller wipes it. */
    byte[] encode() {
        byte[] r = receipt.encode();
        WireWriter w = new WireWriter(r.length + 64 + 40 * verificationShares.size()).u8(VERSION).varBytes(r)
                .u8(signingShare.identifier()).bytes(signingShare.toBytes()).count8(verificationShares.size());
        verificationShares.forEach(y -> w.bytes(y.toBytes()));
        return w.toByteArray();
    }

    static HeldShare decode(byte[] plaintext) throws WireFormatException {
        WireReader r = new WireReader(plaintext);
        int version = r.u8("share version");
        if (version != VERSION) {
            throw new WireFormatException("share file version " + version + " is not " + VERSION);
        }
        ThresholdReceipt receipt = ThresholdReceipt.decode(r.varBytes(64 * 1024, "receipt"));
        Ciphersuite suite = receipt.suite();
        int n = receipt.participants().size();
        try {
            int identifier = r.u8("identifier");
            if (identifier < 1 || identifier > n) {
                throw new WireFormatException("identifier " + identifier + " out of range");
            }
            SecretShare share = SecretShare.fromBytes(suite, identifier, r.bytes(Ciphersuite.SCALAR_BYTES, "share"));
            r.count8(n, n, "verification share");
            List<Element> ys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ys.add(suite.deserializeElement(r.bytes(suite.elementBytes(), "verification share")));
            }
            r.finish();
            return new HeldShare(receipt, share, ys);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid share file: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "HeldShare[" + keyIdHex() + ", " + suite().scheme() + " " + receipt.thresholdLabel() + ", identifier "
                + identifier() + "]";
    }
}
