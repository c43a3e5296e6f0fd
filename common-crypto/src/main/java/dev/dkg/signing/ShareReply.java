package dev.dkg.signing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;

/** SIGNATURE_SHARE (signer → S): {@code session-id 16B | share scalar}, the signer's RFC 9591 {@code sig_share}. */
public record ShareReply(byte[] sessionId, byte[] share) {
    public ShareReply {
        sessionId = SigningMessages.exact(sessionId, SigningMessages.SESSION_ID_BYTES, "session id");
        share = share.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public byte[] share() {
        return share.clone();
    }

    public byte[] encode() {
        byte[] out = new byte[sessionId.length + share.length];
        System.arraycopy(sessionId, 0, out, 0, sessionId.length);
        System.arraycopy(share, 0, out, sessionId.length, share.length);
        return out;
    }

    public static ShareReply decode(byte[] body, int scalarBytes) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] sessionId = r.bytes(SigningMessages.SESSION_ID_BYTES, "session id");
        byte[] share = r.bytes(scalarBytes, "signature share");
        r.finish();
        return new ShareReply(sessionId, share);
    }
}
