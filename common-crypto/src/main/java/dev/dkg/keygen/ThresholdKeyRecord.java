package dev.dkg.keygen;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Element;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A threshold key as stored in key_store (envelope kind 0x01F2): {@code version u8 (1) | created u64 (ms) |
 * transcript bytes32 | count u8 | confirmation bytes16 …} (participant order). Everything in it is public:
 * the ciphersuite, t, the participants and their key ids, every commitment and proof (inside the transcript),
 * and every participant's signed confirmation. The group key, the key id and every verification share are
 * computed from the transcript, so they cannot disagree with it. No share and no secret is ever stored.
 */
public final class ThresholdKeyRecord {
    public static final int VERSION = 1;
    private static final int MAX_TRANSCRIPT_BYTES = 1024 * 1024;

    private final Instant created;
    private final ThresholdTranscript transcript;
    private final List<byte[]> confirmations;
    private final Element groupKey;

    public ThresholdKeyRecord(Instant created, ThresholdTranscript transcript, List<byte[]> confirmations) {
        if (confirmations.size() != transcript.participants().size()) {
            throw new IllegalArgumentException("one confirmation per participant");
        }
        this.created = Instant.ofEpochMilli(created.toEpochMilli());
        this.transcript = transcript;
        this.confirmations = confirmations.stream().map(byte[]::clone).toList();
        this.groupKey = transcript.groupKey();
    }

    public byte[] encode() {
        byte[] t = transcript.encode();
        WireWriter w = new WireWriter(t.length + 600 * confirmations.size()).u8(VERSION).u64(created.toEpochMilli())
                .varBytes(t).count8(confirmations.size());
        for (byte[] c : confirmations) {
            w.u16(c.length).bytes(c);
        }
        return w.toByteArray();
    }

    public static ThresholdKeyRecord decode(byte[] plaintext) throws WireFormatException {
        WireReader r = new WireReader(plaintext);
        int version = r.u8("threshold key record version");
        if (version != VERSION) {
            throw new WireFormatException("threshold key record version " + version + " is not " + VERSION);
        }
        long created = r.u64("created");
        ThresholdTranscript transcript = ThresholdTranscript.decode(r.varBytes(MAX_TRANSCRIPT_BYTES, "transcript"));
        int n = transcript.participants().size();
        r.count8(n, n, "confirmation");
        List<byte[]> confirmations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] c = r.shortBytes(512, "confirmation");
            if (c.length == 0) {
                throw new WireFormatException("empty confirmation");
            }
            confirmations.add(c);
        }
        r.finish();
        if (created < 0) {
            throw new WireFormatException("creation time out of range");
        }
        return new ThresholdKeyRecord(Instant.ofEpochMilli(created), transcript, confirmations);
    }

    public Instant created() {
        return created;
    }

    public ThresholdTranscript transcript() {
        return transcript;
    }

    public String keyId() {
        return transcript.keyIdHex();
    }

    public Ciphersuite suite() {
        return transcript.suite();
    }

    public int threshold() {
        return transcript.threshold();
    }

    public List<String> participants() {
        return transcript.participants();
    }

    public Element groupKey() {
        return groupKey;
    }

    /** "2-of-3". */
    public String thresholdLabel() {
        return threshold() + "-of-" + participants().size();
    }

    public List<byte[]> confirmations() {
        return confirmations.stream().map(byte[]::clone).toList();
    }

    @Override
    public String toString() {
        return "ThresholdKeyRecord[" + keyId() + ", " + suite().scheme() + " " + thresholdLabel() + ", "
                + participants() + "]";
    }
}
