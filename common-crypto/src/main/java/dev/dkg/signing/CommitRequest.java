package dev.dkg.signing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * COMMIT_REQUEST (S → signer), round one: {@code session-id 16B | key-id 16B | string(requester) | count u8 |
 * identifier u16 … | message bytes32}. Everything a signer shows its operator before it draws nonces.
 */
public record CommitRequest(byte[] sessionId, byte[] keyId, String requester, List<Integer> identifiers,
                            byte[] message) {
    public CommitRequest {
        sessionId = SigningMessages.exact(sessionId, SigningMessages.SESSION_ID_BYTES, "session id");
        keyId = SigningMessages.exact(keyId, SigningMessages.KEY_ID_BYTES, "key id");
        dev.dkg.pki.Subject.checkName(requester);
        identifiers = Identifiers.checkAscending(identifiers);
        if (message.length > SigningMessages.MAX_MESSAGE) {
            throw new IllegalArgumentException("message too long");
        }
        message = message.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    public String sessionIdHex() {
        return HexFormat.of().formatHex(sessionId);
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(110 + 2 * identifiers.size() + message.length).bytes(sessionId).bytes(keyId)
                .string(requester).count8(identifiers.size());
        identifiers.forEach(w::u16);
        return w.varBytes(message).toByteArray();
    }

    public static CommitRequest decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] sessionId = r.bytes(SigningMessages.SESSION_ID_BYTES, "session id");
        byte[] keyId = r.bytes(SigningMessages.KEY_ID_BYTES, "key id");
        String requester = Names.read(r, "requester");
        int count = r.count8(1, SigningMessages.MAX_SIGNERS, "identifier");
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(r.u16("identifier"));
        }
        Identifiers.checkAscending(ids, "identifier");
        byte[] message = r.varBytes(SigningMessages.MAX_MESSAGE, "message");
        r.finish();
        return new CommitRequest(sessionId, keyId, requester, ids, message);
    }
}
