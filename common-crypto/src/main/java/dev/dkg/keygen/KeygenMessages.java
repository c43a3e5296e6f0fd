package dev.dkg.keygen;

import dev.dkg.wire.MessageKinds;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import java.util.Set;

/**
 * The message kinds of a key-generation round (docs/protocol.md, "Key generation") and the codec of the two
 * messages that are a single 32-byte value, COMMIT and REVEAL.
 */
public final class KeygenMessages {
    /** S → C: the round's id, seed, server commitment, parameters, deadline and participants. */
    public static final int ROUND_OPEN = MessageKinds.KEYGEN_FIRST + 1;
    /** C → S: H(label | round id | client name | contribution). */
    public static final int COMMIT = MessageKinds.KEYGEN_FIRST + 2;
    /** S → C: every participant's commitment, in participant order. */
    public static final int COMMITMENTS = MessageKinds.KEYGEN_FIRST + 3;
    /** C → S: the contribution itself. */
    public static final int REVEAL = MessageKinds.KEYGEN_FIRST + 4;
    /** S → C: the server-signed receipt for the stored key. */
    public static final int RECEIPT = MessageKinds.KEYGEN_FIRST + 5;
    /** S → C: the round ended without a key; names the culprits. */
    public static final int ROUND_ABORTED = MessageKinds.KEYGEN_FIRST + 6;
    /** A key record in key_store (never sent on a channel). */
    public static final int KEY_RECORD = MessageKinds.KEYGEN_FIRST + 0xF0;
    /** A client's own sealed contribution key in its data directory (never sent on a channel). */
    public static final int CONTRIBUTION_KEY = MessageKinds.KEYGEN_FIRST + 0xF1;

    /** What a server accepts from a client. */
    public static final Set<Integer> FROM_CLIENT = Set.of(COMMIT, REVEAL);
    /** What a client accepts from the server. */
    public static final Set<Integer> FROM_SERVER = Set.of(ROUND_OPEN, COMMITMENTS, RECEIPT, ROUND_ABORTED);

    /** Length of a contribution, a commitment and every other round value. */
    public static final int VALUE_BYTES = 32;

    private KeygenMessages() {}

    /** The body of COMMIT or REVEAL: exactly 32 bytes. */
    public static byte[] decodeValue(byte[] body, String field) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] value = r.bytes(VALUE_BYTES, field);
        r.finish();
        return value;
    }
}
