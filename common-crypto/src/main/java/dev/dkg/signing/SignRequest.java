package dev.dkg.signing;

import dev.dkg.pki.Subject;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;

/**
 * SIGN_REQUEST (requester → S): {@code key-id 16B | wait-ms u32 | count u8 | string(name) … | message bytes32}.
 * No names means any {@code t} holders of the key.
 */
public record SignRequest(byte[] keyId, long waitMillis, List<String> signers, byte[] message) {
    public SignRequest {
        keyId = SigningMessages.exact(keyId, SigningMessages.KEY_ID_BYTES, "key id");
        if (waitMillis < 0 || waitMillis > SigningMessages.MAX_WAIT_MILLIS) {
            throw new IllegalArgumentException("wait must be 0 to " + SigningMessages.MAX_WAIT_MILLIS + " ms");
        }
        signers = List.copyOf(signers);
        if (signers.size() > SigningMessages.MAX_SIGNERS || new HashSet<>(signers).size() != signers.size()) {
            throw new IllegalArgumentException("signers must be at most " + SigningMessages.MAX_SIGNERS
                    + " distinct names");
        }
        signers.forEach(Subject::checkName);
        if (message.length > SigningMessages.MAX_MESSAGE) {
            throw new IllegalArgumentException("a message to sign is at most " + SigningMessages.MAX_MESSAGE + " bytes");
        }
        message = message.clone();
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(32 + 66 * signers.size() + message.length).bytes(keyId).u32(waitMillis)
                .count8(signers.size());
        signers.forEach(w::string);
        return w.varBytes(message).toByteArray();
    }

    public static SignRequest decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] keyId = r.bytes(SigningMessages.KEY_ID_BYTES, "key id");
        long wait = r.u32("wait");
        if (wait > SigningMessages.MAX_WAIT_MILLIS) {
            throw new WireFormatException("wait " + wait + " ms is over " + SigningMessages.MAX_WAIT_MILLIS);
        }
        int count = r.count8(0, SigningMessages.MAX_SIGNERS, "signer");
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(Names.read(r, "signer"));
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new WireFormatException("a signer is named twice");
        }
        byte[] message = r.varBytes(SigningMessages.MAX_MESSAGE, "message");
        r.finish();
        return new SignRequest(keyId, wait, names, message);
    }
}
