package dev.dkg.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.testing.ProtocolVectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The frame vectors of docs/protocol.md, in both directions. */
class FrameVectorsTest {
    private final ProtocolVectors doc = ProtocolVectors.load();

    @Test
    void encodesAndDecodesTheFrameVector() throws IOException {
        ProtocolVectors.Vector v = doc.one("frame");
        FrameType type = FrameType.fromCode((int) v.number("type"));
        assertThat(FrameWriter.encode(type, v.utf8("body"))).isEqualTo(v.hex("frame"));
        Frame read = new FrameReader(new ByteArrayInputStream(v.hex("frame"))).read();
        assertThat(read.type()).isEqualTo(type);
        assertThat(read.body()).isEqualTo(v.utf8("body"));
    }

    @Test
    void encodesTheErrorFrameVector() throws IOException {
        ProtocolVectors.Vector v = doc.one("error-frame");
        ErrorCode code = ErrorCode.fromCode((int) v.number("code"));
        assertThat(FrameWriter.encode(FrameType.ERROR, code.body())).isEqualTo(v.hex("frame"));
        Frame read = new FrameReader(new ByteArrayInputStream(v.hex("frame"))).read();
        assertThat(ErrorCode.decodeBody(read.body())).isEqualTo(v.number("code"));
    }
}
