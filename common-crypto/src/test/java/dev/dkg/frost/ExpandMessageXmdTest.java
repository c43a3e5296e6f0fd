package dev.dkg.frost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** expand_message_xmd against RFC 9380 appendix K.1 (SHA-256, DST QUUX-V01-CS02-with-expander-SHA256-128). */
class ExpandMessageXmdTest {
    private static final byte[] DST = "QUUX-V01-CS02-with-expander-SHA256-128".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "msg \"{0}\", {1} bytes")
    @CsvSource({
        "'', 32, 68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235",
        "abc, 32, d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615",
    })
    void matchesRfc9380(String message, int length, String expected) {
        assertThat(HexFormat.of().formatHex(
                ExpandMessageXmd.sha256(message.getBytes(StandardCharsets.US_ASCII), DST, length))).isEqualTo(expected);
    }
}
