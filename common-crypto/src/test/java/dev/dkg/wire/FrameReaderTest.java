package dev.dkg.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Hands out at most one byte per read call, as a slow network might. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private int pos;

        TrickleStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            b[off] = data[pos++];
            return 1;
        }

        int consumed() {
            return pos;
        }
    }

    private static FrameReader reader(String hex) {
        return new FrameReader(new ByteArrayInputStream(HEX.parseHex(hex)));
    }

    @Test
    void readsFramesFedOneByteAtATime() throws IOException {
        byte[] stream = concat(FrameWriter.encode(FrameType.HELLO, HEX.parseHex("0102030405")),
                FrameWriter.encode(FrameType.AUTH, new byte[0]),
                FrameWriter.encode(FrameType.SEALED, new byte[3000]));
        FrameReader r = new FrameReader(new TrickleStream(stream));

        Frame a = r.read();
        assertThat(a.type()).isEqualTo(FrameType.HELLO);
        assertThat(a.body()).containsExactly(1, 2, 3, 4, 5);
        assertThat(r.read().body()).isEmpty();
        assertThat(r.read().body()).hasSize(3000);
        assertThatThrownBy(r::read).isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void encodesLengthAsOnePlusBodyBigEndian() {
        assertThat(HEX.formatHex(FrameWriter.encode(FrameType.ERROR, ErrorCode.BUSY.body())))
                .isEqualTo("00000003050004");
    }

    @Test
    void emptyStreamIsCleanEndOfStream() {
        assertThatThrownBy(() -> reader("").read()).isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void rejectsStreamEndingInsideTheLengthField() {
        assertThatThrownBy(() -> reader("000000").read())
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated frame header").hasMessageContaining("3 of 4");
    }

    @Test
    void rejectsStreamEndingBeforeTheTypeByte() {
        assertThatThrownBy(() -> reader("00000001").read())
                .isInstanceOf(WireFormatException.class).hasMessageContaining("before the type byte");
    }

    @Test
    void rejectsStreamEndingInsideTheBody() {
        assertThatThrownBy(() -> reader("0000000504aabb").read())
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated frame body").hasMessageContaining("declared 4")
                .hasMessageContaining("after 2");
    }

    @Test
    void rejectsZeroLength() {
        assertThatThrownBy(() -> reader("0000000001").read())
                .isInstanceOf(WireFormatException.class).hasMessageContaining("frame length 0");
    }

    @Test
    void rejectsUnknownFrameTypes() {
        for (String type : new String[] {"00", "06", "7f", "ff"}) {
            assertThatThrownBy(() -> reader("00000001" + type).read())
                    .isInstanceOf(WireFormatException.class)
                    .hasMessage("unknown frame type 0x" + type);
        }
    }

    @Test
    void rejectsOversizedLengthBeforeReadingOrAllocatingTheBody() {
        // A declared 2 GiB frame on a tiny stream: rejected after the 4 length bytes, nothing more read.
        readExpectingFailure(new FrameReader(new TrickleStream(HEX.parseHex("8000000004")))); // load classes first
        TrickleStream in = new TrickleStream(HEX.parseHex("8000000004deadbeef"));
        FrameReader r = new FrameReader(in);
        long before = allocatedBytes();
        IOException thrown = readExpectingFailure(r);
        long allocated = allocatedBytes() - before;
        assertThat(thrown).isInstanceOf(WireFormatException.class)
                .hasMessage("frame length 2147483648 exceeds the limit of 1048576");
        assertThat(allocated).isLessThan(64 * 1024);
        assertThat(in.consumed()).isEqualTo(4);
    }

    @Test
    void rejectsLengthJustOverTheConfiguredLimit() throws IOException {
        FrameReader atLimit = new FrameReader(new ByteArrayInputStream(
                FrameWriter.encode(FrameType.SEALED, new byte[99])), 100);
        assertThat(atLimit.read().body()).hasSize(99);
        FrameReader overLimit = new FrameReader(new ByteArrayInputStream(
                FrameWriter.encode(FrameType.SEALED, new byte[100])), 100);
        assertThatThrownBy(overLimit::read).hasMessage("frame length 101 exceeds the limit of 100");
    }

    @Test
    void truncatedHugeFrameUnderAHugeLimitAllocatesOnlyWhatArrived() {
        // Even if a caller raises the limit, memory follows the bytes received, not the declared length.
        String hex = "7ffffff004" + "00".repeat(100);
        readExpectingFailure(new FrameReader(new ByteArrayInputStream(HEX.parseHex(hex)), Integer.MAX_VALUE));
        FrameReader r = new FrameReader(new ByteArrayInputStream(HEX.parseHex(hex)), Integer.MAX_VALUE);
        long before = allocatedBytes();
        IOException thrown = readExpectingFailure(r);
        long allocated = allocatedBytes() - before;
        assertThat(thrown).isInstanceOf(WireFormatException.class).hasMessageContaining("truncated frame body");
        assertThat(allocated).isLessThan(256 * 1024);
    }

    @Test
    void writerRefusesBodiesOverItsLimit() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(out, 10);
        w.write(FrameType.SEALED, new byte[9]);
        assertThatThrownBy(() -> w.write(FrameType.SEALED, new byte[10])).isInstanceOf(WireFormatException.class);
        assertThat(out.size()).isEqualTo(14);
    }

    @Test
    void errorBodyMustBeExactlyOneCode() throws IOException {
        assertThat(ErrorCode.decodeBody(HEX.parseHex("0002"))).isEqualTo(2);
        assertThat(ErrorCode.fromCode(2)).isEqualTo(ErrorCode.AUTHENTICATION);
        assertThat(ErrorCode.fromCode(999)).isEqualTo(ErrorCode.PROTOCOL);
        assertThatThrownBy(() -> ErrorCode.decodeBody(HEX.parseHex("000200"))).hasMessageContaining("trailing");
        assertThatThrownBy(() -> ErrorCode.decodeBody(HEX.parseHex("02"))).hasMessageContaining("truncated");
    }

    private static IOException readExpectingFailure(FrameReader r) {
        try {
            r.read();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("frame was accepted");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
