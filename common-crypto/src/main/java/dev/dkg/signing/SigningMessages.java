package dev.dkg.signing;

import dev.dkg.wire.MessageKinds;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.Set;

/**
 * The message kinds of a FROST signing session (docs/protocol.md section 16), their limits, and the codec of
 * DECLINED, whose body is a session id alone.
 */
public final class SigningMessages {
    /** signer → S: ready to sign with one key. */
    public static final int SIGNER_READY = MessageKinds.KEYGEN_FIRST + 0x41;
    /** requester → S: sign this message with this key. */
    public static final int SIGN_REQUEST = MessageKinds.KEYGEN_FIRST + 0x42;
    /** S → signer: round one; what is to be signed, by whom, for whom. */
    public static final int COMMIT_REQUEST = MessageKinds.KEYGEN_FIRST + 0x43;
    /** signer → S: the signer's hiding and binding nonce commitments. */
    public static final int COMMITMENT = MessageKinds.KEYGEN_FIRST + 0x44;
    /** signer → S: the operator did not approve. */
    public static final int DECLINED = MessageKinds.KEYGEN_FIRST + 0x45;
    /** S → signer: round two; the sorted commitment list and the message. */
    public static final int SHARE_REQUEST = MessageKinds.KEYGEN_FIRST + 0x46;
    /** signer → S: the signer's signature share. */
    public static final int SIGNATURE_SHARE = MessageKinds.KEYGEN_FIRST + 0x47;
    /** S → signer: how the session ended. */
    public static final int SESSION_ENDED = MessageKinds.KEYGEN_FIRST + 0x48;
    /** S → requester: the verified signature, or why there is none. */
    public static final int SIGN_RESULT = MessageKinds.KEYGEN_FIRST + 0x49;

    /** What the Coordinator accepts as the first message of a signing connection. */
    public static final Set<Integer> OPENING = Set.of(SIGNER_READY, SIGN_REQUEST);
    /** What the Coordinator accepts from a signer in a session. */
    public static final Set<Integer> FROM_SIGNER = Set.of(COMMITMENT, DECLINED, SIGNATURE_SHARE);
    /** What a signer accepts from the Coordinator. */
    public static final Set<Integer> TO_SIGNER = Set.of(COMMIT_REQUEST, SHARE_REQUEST, SESSION_ENDED);

    public static final int KEY_ID_BYTES = 16;
    public static final int SESSION_ID_BYTES = 16;
    /** The largest message that can be signed: every signing message still fits one frame. */
    public static final int MAX_MESSAGE = 1_000_000;
    /** The longest a requester may ask the Coordinator to wait for signers. */
    public static final long MAX_WAIT_MILLIS = 600_000;
    /** A signer's list and a name list hold at most this many entries. */
    public static final int MAX_SIGNERS = 255;
    /** Names follow the certificate-name rules (at most 64 bytes). */
    static final int MAX_NAME_BYTES = 64;

    private SigningMessages() {}

    /** The body of DECLINED: a session id alone. */
    public static byte[] encodeDeclined(byte[] sessionId) {
        return new WireWriter(SESSION_ID_BYTES).bytes(exact(sessionId, SESSION_ID_BYTES, "session id")).toByteArray();
    }

    /** Decodes DECLINED's body: exactly a 16-byte session id. */
    public static byte[] decodeDeclined(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] id = r.bytes(SESSION_ID_BYTES, "session id");
        r.finish();
        return id;
    }

    static byte[] exact(byte[] value, int length, String what) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
        return value.clone();
    }
}
