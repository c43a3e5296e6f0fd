package dev.dkg.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The byte layout of a record log, in one place: header and record encoding and the
 * CRC-32C rules. docs/storage.md is the normative description and its test vector is
 * checked against this class.
 */
final class LogFormat {
    /** "DKGLOG" then CR LF: a text-mode transfer that rewrites line endings breaks the magic. */
    static final byte[] MAGIC = "DKGLOG\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int STORE_ID_LENGTH = 16;
    /** magic 8 | version u16 | store id 16 | CRC-32C u32. */
    static final int HEADER_LENGTH = MAGIC.length + 2 + STORE_ID_LENGTH + 4;
    /** length u32 | CRC-32C u32, in front of every payload. */
    static final int RECORD_HEADER_LENGTH = 8;
    /**
     * Largest payload a record may carry. Part of the format: a length above it is damage,
     * and it bounds what a reader allocates for a length it has not yet verified.
     */
    static final int MAX_PAYLOAD_LENGTH = 16 * 1024 * 1024;

    private LogFormat() {}

    static byte[] encodeHeader(byte[] storeId) {
        if (storeId.length != STORE_ID_LENGTH) {
            throw new IllegalArgumentException("store id must be " + STORE_ID_LENGTH + " bytes, got " + storeId.length);
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        header.put(MAGIC).putShort((short) VERSION).put(storeId);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, header.position());
        header.putInt((int) crc.getValue());
        return header.array();
    }

    /**
     * Says what is wrong with a header, if anything.
     *
     * @param header exactly {@link #HEADER_LENGTH} bytes read from the start of the file
     * @return the reason the header is unacceptable, or null if it is valid
     */
    static String headerProblem(byte[] header) {
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return "bad magic, not a record log";
        }
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_LENGTH - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(header).getInt(HEADER_LENGTH - 4)) {
            return "header CRC-32C mismatch";
        }
        // Checked after the CRC so a damaged version field is reported as damage.
        int version = Short.toUnsignedInt(ByteBuffer.wrap(header).getShort(MAGIC.length));
        if (version != VERSION) {
            return "unsupported format version " + version + " (this build reads version " + VERSION + ")";
        }
        return null;
    }

    static byte[] storeIdOf(byte[] validHeader) {
        return Arrays.copyOfRange(validHeader, MAGIC.length + 2, MAGIC.length + 2 + STORE_ID_LENGTH);
    }

    static void checkPayloadLength(int length) {
        if (length > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException(
                    "payload of " + length + " bytes exceeds the record limit of " + MAX_PAYLOAD_LENGTH + " bytes");
        }
    }

    /** Encodes one record: length, then CRC-32C over the length bytes and the payload, then the payload. */
    static byte[] encodeRecord(byte[] payload) {
        checkPayloadLength(payload.length);
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_LENGTH + payload.length);
        record.putInt(payload.length).putInt(recordCrc(payload.length, payload)).put(payload);
        return record.array();
    }

    /** The record CRC covers the length field too, so a damaged length cannot pass as a shorter record. */
    static int recordCrc(int length, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue();
    }
}
