package dev.dkg.signing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import java.util.HexFormat;

/** SIGNER_READY (signer → S): {@code key-id 16B}. The signer waits for sessions with that key. */
public record SignerReady(byte[] keyId) {
    public SignerReady {
        keyId = SigningMessages.exact(keyId, SigningMessages.KEY_ID_BYTES, "key id");
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    public byte[] encode() {
        return keyId.clone();
    }

    public static SignerReady decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] id = r.bytes(SigningMessages.KEY_ID_BYTES, "key id");
        r.finish();
        return new SignerReady(id);
    }
}
