package dev.dkg.keygen;

import dev.dkg.crypto.RsaPss;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Element;
import dev.dkg.frost.InvalidEncodingException;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * T_RECEIPT body: {@code receipt-body | signature bytes16} with {@code receipt-body = version u8 (1) |
 * server-key-id 32B | round-id 16B | key-id 16B | transcript-hash 32B | created u64 (ms) | suite u8 |
 * threshold u8 | group-key (SerializeElement) | count u8 | (string(name) | confirmation bytes16) …} and the
 * signature RSASSA-PSS of the server over {@code "dkg threshold receipt v1" | receipt-body}.
 *
 * <p>A receipt is sent only after the key's public record is on disk; a client trusts it only after checking
 * every confirmation in it against its own transcript hash and group key ({@link #verifyConfirmations}).
 */
public final class ThresholdReceipt {
    public static final int VERSION = 1;
    private static final byte[] LABEL = "dkg threshold receipt v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] body;
    private final byte[] signature;
    private final byte[] serverKeyId;
    private final byte[] roundId;
    private final byte[] keyId;
    private final byte[] transcriptHash;
    private final Instant created;
    private final Ciphersuite suite;
    private final int threshold;
    private final Element groupKey;
    private final List<String> participants;
    private final List<byte[]> confirmations;

    private ThresholdReceipt(byte[] body, byte[] signature) throws WireFormatException {
        this.body = body;
        this.signature = signature;
        WireReader r = new WireReader(body);
        int version = r.u8("receipt version");
        if (version != VERSION) {
            throw new WireFormatException("threshold receipt version " + version + " is not " + VERSION);
        }
        serverKeyId = r.bytes(32, "server key id");
        roundId = r.bytes(RoundTranscript.ROUND_ID_BYTES, "round id");
        keyId = r.bytes(ThresholdTranscript.KEY_ID_BYTES, "key id");
        transcriptHash = r.bytes(32, "transcript hash");
        long ms = r.u64("created");
        suite = ThresholdOpen.suiteOf(r.u8("suite"));
        threshold = r.u8("threshold");
        try {
            groupKey = suite.deserializeElement(r.bytes(suite.elementBytes(), "group key"));
        } catch (InvalidEncodingException e) {
            throw new WireFormatException("invalid group key: " + e.getMessage());
        }
        int n = r.count8(2, RoundTranscript.MAX_PARTICIPANTS, "participant");
        List<String> names = new ArrayList<>(n);
        List<byte[]> sigs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(r.string(64, "participant"));
            sigs.add(r.shortBytes(512, "confirmation"));
        }
        r.finish();
        if (ms < 0) {
            throw new WireFormatException("creation time out of range");
        }
        created = Instant.ofEpochMilli(ms);
        try {
            participants = RoundTranscript.checkParticipants(names);
            ThresholdOpen.checkThreshold(threshold, n);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid receipt: " + e.getMessage());
        }
        confirmations = List.copyOf(sigs);
    }

    /** The server's receipt for a stored key record. */
    public static ThresholdReceipt sign(ThresholdKeyRecord record, PrivateKey serverKey) throws GeneralSecurityException {
        ThresholdTranscript t = record.transcript();
        WireWriter w = new WireWriter(512).u8(VERSION).bytes(t.serverKeyId()).bytes(t.roundId()).bytes(t.keyId())
                .bytes(t.hash()).u64(record.created().toEpochMilli()).u8(ThresholdOpen.suiteCode(t.suite()))
                .u8(t.threshold()).bytes(record.groupKey().toBytes()).count8(t.participants().size());
        for (int i = 0; i < t.participants().size(); i++) {
            byte[] c = record.confirmations().get(i);
            w.string(t.participants().get(i)).u16(c.length).bytes(c);
        }
        byte[] body = w.toByteArray();
        try {
            return new ThresholdReceipt(body, RsaPss.sign(serverKey, signedBytes(body)));
        } catch (WireFormatException e) {
            throw new IllegalStateException("a receipt built here does not decode", e);
        }
    }

    private static byte[] signedBytes(byte[] body) {
        return new WireWriter(body.length + LABEL.length).bytes(LABEL).bytes(body).toByteArray();
    }

    public void verify(PublicKey serverKey) throws SignatureException {
        RsaPss.verify(serverKey, signedBytes(body), signature);
    }

    /** Checks every participant's confirmation against this receipt's transcript hash and group key. */
    public void verifyConfirmations(List<PublicKey> participantKeys) throws SignatureException {
        for (int i = 0; i < participants.size(); i++) {
            try {
                ThresholdConfirmation.verify(confirmations.get(i), transcriptHash, groupKey, participantKeys.get(i));
            } catch (SignatureException e) {
                throw new SignatureException("the confirmation of " + participants.get(i) + " does not sign this "
                        + "transcript and group key");
            }
        }
    }

    public byte[] encode() {
        return new WireWriter(body.length + signature.length + 8).varBytes(body).u16(signature.length).bytes(signature)
                .toByteArray();
    }

    public static ThresholdReceipt decode(byte[] encoded) throws WireFormatException {
        WireReader r = new WireReader(encoded);
        byte[] body = r.varBytes(64 * 1024, "receipt body");
        byte[] signature = r.shortBytes(512, "signature");
        r.finish();
        return new ThresholdReceipt(body, signature);
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    public byte[] keyId() {
        return keyId.clone();
    }

    public byte[] roundId() {
        return roundId.clone();
    }

    public String roundIdHex() {
        return HexFormat.of().formatHex(roundId);
    }

    public byte[] transcriptHash() {
        return transcriptHash.clone();
    }

    public byte[] serverKeyId() {
        return serverKeyId.clone();
    }

    public Instant created() {
        return created;
    }

    public Ciphersuite suite() {
        return suite;
    }

    public int threshold() {
        return threshold;
    }

    public Element groupKey() {
        return groupKey;
    }

    public List<String> participants() {
        return participants;
    }

    /** "2-of-3". */
    public String thresholdLabel() {
        return threshold + "-of-" + participants.size();
    }
}
