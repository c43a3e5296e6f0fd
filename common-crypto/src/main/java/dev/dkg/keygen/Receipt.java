package dev.dkg.keygen;

import dev.dkg.crypto.KeyId;
import dev.dkg.crypto.RsaPss;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * RECEIPT (server → client), the server's signed statement that a key is stored:
 * {@code body = version u8 | server-key-id 32B | round-id 16B | key-id 16B | transcript-hash 32B |
 * check-value 8B | created u64 | purpose string | key-length u16 | count u8 | name string …}, then
 * {@code signature bytes16 = RSASSA-PSS(server key, "dkg receipt v1" | body)}.
 *
 * <p>Guarantee: {@link #verify} returns only if the signature is the named server's over exactly these
 * fields, so a client can keep the receipt as evidence of what the server stored.
 */
public final class Receipt {
    public static final int VERSION = 1;
    private static final byte[] SIGNATURE_LABEL = RoundTranscript.ascii("dkg receipt v1");

    private final byte[] serverKeyId;
    private final byte[] roundId;
    private final byte[] keyId;
    private final byte[] transcriptHash;
    private final byte[] checkValue;
    private final Instant created;
    private final KeyParameters parameters;
    private final List<String> participants;
    private final byte[] signature;

    private Receipt(byte[] serverKeyId, byte[] roundId, byte[] keyId, byte[] transcriptHash, byte[] checkValue,
                    Instant created, KeyParameters parameters, List<String> participants, byte[] signature) {
        this.serverKeyId = serverKeyId;
        this.roundId = roundId;
        this.keyId = keyId;
        this.transcriptHash = transcriptHash;
        this.checkValue = checkValue;
        this.created = created;
        this.parameters = parameters;
        this.participants = RoundTranscript.checkParticipants(participants);
        this.signature = signature;
    }

    /** Signs the receipt for {@code record} with the server key. */
    public static Receipt sign(KeyRecord record, PrivateKey serverKey) throws GeneralSecurityException {
        RoundTranscript t = record.transcript();
        byte[] hash = t.hash();
        Receipt unsigned = new Receipt(t.serverKeyId(), t.roundId(), KeyDerivation.keyId(hash), hash,
                record.checkValue(), Instant.ofEpochMilli(record.created().toEpochMilli()), t.parameters(),
                t.participants(), null);
        byte[] signature = RsaPss.sign(serverKey, unsigned.signedMessage());
        return new Receipt(unsigned.serverKeyId, unsigned.roundId, unsigned.keyId, hash, unsigned.checkValue,
                unsigned.created, unsigned.parameters, unsigned.participants, signature);
    }

    /** Checks that {@code serverKey} is the named server key and that its signature verifies. */
    public void verify(PublicKey serverKey) throws SignatureException {
        if (!Arrays.equals(KeyId.of(serverKey).bytes(), serverKeyId)) {
            throw new SignatureException("receipt names another server key");
        }
        RsaPss.verify(serverKey, signedMessage(), signature);
    }

    private byte[] signedMessage() {
        return new WireWriter().bytes(SIGNATURE_LABEL).bytes(body()).toByteArray();
    }

    private byte[] body() {
        WireWriter w = new WireWriter(200 + 66 * participants.size()).u8(VERSION).bytes(serverKeyId).bytes(roundId)
                .bytes(keyId).bytes(transcriptHash).bytes(checkValue).u64(created.toEpochMilli())
                .string(parameters.purpose()).u16(parameters.length()).count8(participants.size());
        for (String p : participants) {
            w.string(p);
        }
        return w.toByteArray();
    }

    public byte[] encode() {
        return new WireWriter().bytes(body()).u16(signature.length).bytes(signature).toByteArray();
    }

    /** Decodes a receipt; its signature is not checked here (see {@link #verify}). */
    public static Receipt decode(byte[] encoded) throws WireFormatException {
        WireReader r = new WireReader(encoded);
        int version = r.u8("receipt version");
        if (version != VERSION) {
            throw new WireFormatException("receipt version " + version + " is not " + VERSION);
        }
        byte[] serverKeyId = r.bytes(KeyId.LENGTH, "server key id");
        byte[] roundId = r.bytes(RoundTranscript.ROUND_ID_BYTES, "round id");
        byte[] keyId = r.bytes(KeyDerivation.KEY_ID_BYTES, "key id");
        byte[] transcriptHash = r.bytes(32, "transcript hash");
        byte[] checkValue = r.bytes(KeyDerivation.CHECK_VALUE_BYTES, "check value");
        long created = r.u64("created");
        String purpose = r.string(32, "purpose");
        int length = r.u16("key length");
        int count = r.count8(1, RoundTranscript.MAX_PARTICIPANTS, "participant");
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(r.string(64, "participant name"));
        }
        byte[] signature = r.shortBytes(512, "signature");
        r.finish();
        if (created < 0 || signature.length == 0) {
            throw new WireFormatException("receipt creation time or signature out of range");
        }
        if (!Arrays.equals(keyId, KeyDerivation.keyId(transcriptHash))) {
            throw new WireFormatException("receipt key id does not follow from its transcript hash");
        }
        try {
            return new Receipt(serverKeyId, roundId, keyId, transcriptHash, checkValue, Instant.ofEpochMilli(created),
                    new KeyParameters(purpose, length), names, signature);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid receipt: " + e.getMessage());
        }
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    public String roundIdHex() {
        return HexFormat.of().formatHex(roundId);
    }

    public byte[] roundId() {
        return roundId.clone();
    }

    public byte[] transcriptHash() {
        return transcriptHash.clone();
    }

    public String transcriptHashHex() {
        return HexFormat.of().formatHex(transcriptHash);
    }

    public String checkValueHex() {
        return HexFormat.of().formatHex(checkValue);
    }

    public byte[] serverKeyId() {
        return serverKeyId.clone();
    }

    public Instant created() {
        return created;
    }

    public KeyParameters parameters() {
        return parameters;
    }

    public List<String> participants() {
        return participants;
    }

    @Override
    public String toString() {
        return "Receipt[key " + keyIdHex() + ", round " + roundIdHex() + ", " + participants + "]";
    }
}
