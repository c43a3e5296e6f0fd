package dev.dkg.keygen;

import dev.dkg.crypto.Secrets;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One generated key as stored in key_store (inside an envelope): {@code version u8 | created u64 (ms since
 * the epoch) | transcript bytes32 | key bytes16}. Key id, transcript hash and check value are not stored but
 * computed from the transcript and key, so they cannot disagree with them.
 *
 * <p>Holds secret material: {@link #key()} returns a copy for the caller to wipe, {@link #wipe()} clears this
 * record's own copy, and {@link #toString()} never shows the key.
 */
public final class KeyRecord {
    public static final int VERSION = 1;
    private static final int MAX_TRANSCRIPT_BYTES = 64 * 1024;

    private final Instant created;
    private final RoundTranscript transcript;
    private final byte[] key;

    /** Checks that the key has the length the transcript's parameters name. */
    public KeyRecord(Instant created, RoundTranscript transcript, byte[] key) {
        if (key.length != transcript.parameters().length()) {
            throw new IllegalArgumentException("key has " + key.length + " bytes, the round asked for "
                    + transcript.parameters().length());
        }
        this.created = Instant.ofEpochMilli(created.toEpochMilli());
        this.transcript = transcript;
        this.key = key.clone();
    }

    /** The plaintext to seal into key_store; secret, for the caller to wipe. */
    public byte[] encode() {
        byte[] t = transcript.encode();
        WireWriter w = new WireWriter(t.length + key.length + 32);
        try {
            return w.u8(VERSION).u64(created.toEpochMilli()).varBytes(t).u16(key.length).bytes(key).toByteArray();
        } finally {
            w.wipe();
        }
    }

    public static KeyRecord decode(byte[] plaintext) throws WireFormatException {
        WireReader r = new WireReader(plaintext);
        int version = r.u8("key record version");
        if (version != VERSION) {
            throw new WireFormatException("key record version " + version + " is not " + VERSION);
        }
        long created = r.u64("created");
        RoundTranscript transcript = RoundTranscript.decode(r.varBytes(MAX_TRANSCRIPT_BYTES, "transcript"));
        byte[] key = r.shortBytes(KeyParameters.MAX_LENGTH, "key");
        try {
            r.finish();
            if (created < 0) {
                throw new WireFormatException("creation time out of range");
            }
            if (key.length != transcript.parameters().length()) {
                throw new WireFormatException("key has " + key.length + " bytes, its transcript says "
                        + transcript.parameters().length());
            }
            return new KeyRecord(Instant.ofEpochMilli(created), transcript, key);
        } finally {
            Secrets.wipe(key);
        }
    }

    public Instant created() {
        return created;
    }

    public RoundTranscript transcript() {
        return transcript;
    }

    /** The key's public id, 32 hex digits (see {@link KeyDerivation#keyId}). */
    public String keyId() {
        return KeyDerivation.keyIdHex(transcript.hash());
    }

    public byte[] transcriptHash() {
        return transcript.hash();
    }

    public String checkValueHex() {
        return HexFormat.of().formatHex(checkValue());
    }

    byte[] checkValue() {
        return KeyDerivation.checkValue(key);
    }

    public KeyParameters parameters() {
        return transcript.parameters();
    }

    public List<String> participants() {
        return transcript.participants();
    }

    /** A copy of the key material, for the caller to wipe. */
    public byte[] key() {
        return key.clone();
    }

    /** Clears this record's copy of the key. */
    public void wipe() {
        Secrets.wipe(key);
    }

    /** Id, time, parameters and participants; never the key. */
    @Override
    public String toString() {
        return "KeyRecord[" + keyId() + ", created " + created + ", " + parameters() + ", " + participants() + "]";
    }
}
