package dev.dkg.keygen;

import dev.dkg.wire.MessageKinds;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The message kinds of a threshold key-generation round (docs/protocol.md section 15) and the codec of the
 * messages that are only a list of opaque items: T_REVEALS, T_SHARES and T_DELIVERY.
 */
public final class ThresholdMessages {
    /** S → C: round id, ciphersuite, threshold, deadline, participants with their certificates. */
    public static final int OPEN = MessageKinds.KEYGEN_FIRST + 0x10;
    /** C → S: H(label | round id | name | reveal body), 32 bytes. */
    public static final int COMMIT = MessageKinds.KEYGEN_FIRST + 0x11;
    /** S → C: every participant's commitment (the COMMITMENTS body of section 14.2). */
    public static final int COMMITMENTS = MessageKinds.KEYGEN_FIRST + 0x12;
    /** C → S: Feldman commitments and proof of knowledge. */
    public static final int REVEAL = MessageKinds.KEYGEN_FIRST + 0x13;
    /** S → C: every participant's reveal, in participant order. */
    public static final int REVEALS = MessageKinds.KEYGEN_FIRST + 0x14;
    /** C → S: one share envelope for every other participant, in participant order. */
    public static final int SHARES = MessageKinds.KEYGEN_FIRST + 0x15;
    /** S → C: the share envelopes addressed to this participant, in participant order of the senders. */
    public static final int DELIVERY = MessageKinds.KEYGEN_FIRST + 0x16;
    /** C → S: a bad share, with the content key that proves it. */
    public static final int COMPLAINT = MessageKinds.KEYGEN_FIRST + 0x17;
    /** S → C: a complaint and its envelope, for every participant to judge. */
    public static final int EVIDENCE = MessageKinds.KEYGEN_FIRST + 0x18;
    /** C → S: the participant's signature over transcript hash and group key. */
    public static final int CONFIRM = MessageKinds.KEYGEN_FIRST + 0x19;
    /** S → C: the server-signed receipt carrying every confirmation. */
    public static final int RECEIPT = MessageKinds.KEYGEN_FIRST + 0x1A;
    /** The envelope kind of one share f_i(j), sealed to j by i (inside SHARES and DELIVERY, never a frame). */
    public static final int SHARE = MessageKinds.KEYGEN_FIRST + 0x1B;
    /** A threshold key's public record in key_store (never sent on a channel). */
    public static final int KEY_RECORD = MessageKinds.KEYGEN_FIRST + 0xF2;
    /** A client's own sealed share of a threshold key, in its data directory (never sent on a channel). */
    public static final int HELD_SHARE = MessageKinds.KEYGEN_FIRST + 0xF3;

    /** What a server accepts from a client in a threshold round. */
    public static final Set<Integer> FROM_CLIENT = Set.of(COMMIT, REVEAL, SHARES, COMPLAINT, CONFIRM);
    /** What a client accepts from the server in a threshold round (ROUND_ABORTED is section 14.2's). */
    public static final Set<Integer> FROM_SERVER = Set.of(OPEN, COMMITMENTS, REVEALS, DELIVERY, EVIDENCE, RECEIPT,
            KeygenMessages.ROUND_ABORTED);

    /** Largest share envelope: one recipient, a 4096-bit key, a 32-byte share. */
    public static final int MAX_ENVELOPE_BYTES = 2048;
    /** Largest reveal: 255 coefficients of 33 bytes, R and z. */
    public static final int MAX_REVEAL_BYTES = 256 * 33 + 64;

    private ThresholdMessages() {}

    /** {@code count u8 | (item bytes16) …}: a list of 0..255 items of 1..{@code maxItem} bytes. */
    public static byte[] encodeList(List<byte[]> items) {
        WireWriter w = new WireWriter(64 + items.stream().mapToInt(b -> b.length + 2).sum()).count8(items.size());
        for (byte[] item : items) {
            w.u16(item.length).bytes(item);
        }
        return w.toByteArray();
    }

    /** Decodes {@link #encodeList}, requiring exactly {@code count} items. */
    public static List<byte[]> decodeList(byte[] body, int count, int maxItem, String field) throws WireFormatException {
        WireReader r = new WireReader(body);
        r.count8(count, count, field);
        List<byte[]> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] item = r.shortBytes(maxItem, field);
            if (item.length == 0) {
                throw new WireFormatException(field + " " + i + " is empty");
            }
            items.add(item);
        }
        r.finish();
        return items;
    }
}
