package dev.dkg.store;

import java.util.Arrays;

/**
 * One record read back from a log: its 0-based number and its payload, whose CRC was
 * checked on exactly these bytes.
 */
public record LogRecord(long number, byte[] payload) {
    public LogRecord {
        payload = payload.clone();
    }

    /** A copy of the payload: records are values and must not change under their reader. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogRecord that && number == that.number && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[number=" + number + ", " + payload.length + " bytes]";
    }
}
