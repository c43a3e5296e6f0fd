package dev.dkg.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WireReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    private static WireReader reader(String hex) {
        return new WireReader(HEX.parseHex(hex));
    }

    @Test
    void roundTripsEveryFieldType() throws WireFormatException {
        byte[] encoded = new WireWriter(4)
                .u8(0xAB).u16(0xBEEF).u32(0xFFFF_FFFFL).u64(-1L).bytes(new byte[] {9, 8})
                .varBytes(new byte[] {7}).string("grüß 😀").count8(2).count16(300)
                .toByteArray();
        assertThat(HEX.formatHex(encoded)).isEqualTo("ab" + "beef" + "ffffffff" + "ffffffffffffffff" + "0908"
                + "0000000107" + "000b" + "6772c3bcc39f20f09f9880" + "02" + "012c");

        WireReader r = new WireReader(encoded);
        assertThat(r.u8("a")).isEqualTo(0xAB);
        assertThat(r.u16("b")).isEqualTo(0xBEEF);
        assertThat(r.u32("c")).isEqualTo(0xFFFF_FFFFL);
        assertThat(r.u64("d")).isEqualTo(-1L);
        assertThat(r.bytes(2, "e")).containsExactly(9, 8);
        assertThat(r.varBytes(10, "f")).containsExactly(7);
        assertThat(r.string(100, "g")).isEqualTo("grüß 😀");
        assertThat(r.count8(0, 2, "h")).isEqualTo(2);
        assertThat(r.count16(0, 300, "i")).isEqualTo(300);
        r.finish();
    }

    @Test
    void finishRejectsTrailingBytes() throws WireFormatException {
        WireReader r = reader("0102");
        r.u8("x");
        assertThatThrownBy(r::finish).hasMessage("1 trailing bytes after the last field");
    }

    @Test
    void truncatedFieldNamesTheFieldAndOffset() throws WireFormatException {
        WireReader r = reader("00aa");
        r.u8("version");
        assertThatThrownBy(() -> r.u16("kind")).isInstanceOf(WireFormatException.class)
                .hasMessage("truncated: kind needs 2 bytes at offset 1, 1 left");
    }

    @Test
    void varBytesLengthIsBoundedByWhatRemainsBeforeAllocating() {
        assertThatThrownBy(() -> reader("7ffffff0" + "0102").varBytes(Integer.MAX_VALUE, "blob"))
                .hasMessage("truncated: blob declares 2147483632 bytes at offset 4, 2 left");
    }

    @Test
    void varBytesLengthIsBoundedByTheCallersMaximum() {
        assertThatThrownBy(() -> reader("00000003" + "010203").varBytes(2, "blob"))
                .hasMessage("blob length 3 exceeds the limit of 2");
    }

    @Test
    void rejectsMalformedUtf8() {
        String[] malformed = {
            "c080",      // overlong NUL
            "e08080",    // overlong
            "eda080",    // encoded surrogate (CESU-8)
            "f4908080",  // above U+10FFFF
            "ff",        // never valid
            "c3",        // truncated sequence
        };
        for (String bytes : malformed) {
            String hex = String.format("%04x", bytes.length() / 2) + bytes;
            assertThatThrownBy(() -> reader(hex).string(100, "role"))
                    .as(bytes).isInstanceOf(WireFormatException.class).hasMessageContaining("not well-formed UTF-8");
        }
    }

    @Test
    void stringLengthIsBoundedByTheCallersMaximum() {
        assertThatThrownBy(() -> reader("0005" + "6162636465").string(4, "role"))
                .hasMessage("role length 5 exceeds the limit of 4");
    }

    @Test
    void countsOutsideTheirRangeAreRejected() {
        assertThatThrownBy(() -> reader("00").count8(1, 16, "recipient")).hasMessage("recipient count 0 outside 1..16");
        assertThatThrownBy(() -> reader("11").count8(1, 16, "recipient")).hasMessage("recipient count 17 outside 1..16");
    }

    @Test
    void writerRefusesValuesOutsideTheirField() {
        WireWriter w = new WireWriter();
        assertThatThrownBy(() -> w.u8(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.u16(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.u32(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.string("a\uD800b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.string("x".repeat(65536))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wipeClearsTheWriter() {
        WireWriter w = new WireWriter().bytes(new byte[] {1, 2, 3});
        w.wipe();
        assertThat(w.size()).isZero();
        assertThat(w.toByteArray()).isEmpty();
    }
}
