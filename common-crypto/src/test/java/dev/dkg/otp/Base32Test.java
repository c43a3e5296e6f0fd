package dev.dkg.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {
    @ParameterizedTest(name = "\"{0}\" <-> {1}")
    @CsvSource(value = {
        "'',     ''",
        "f,      MY======",
        "fo,     MZXQ====",
        "foo,    MZXW6===",
        "foob,   MZXW6YQ=",
        "fooba,  MZXW6YTB",
        "foobar, MZXW6YTBOI======",
    })
    void matchesRfc4648Section10(String plain, String padded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);

        assertThat(Base32.encodePadded(bytes)).isEqualTo(padded);
        assertThat(Base32.encode(bytes)).isEqualTo(padded.replace("=", ""));
        assertThat(Base32.decode(padded)).isEqualTo(bytes);
        assertThat(Base32.decode(padded.replace("=", ""))).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mzxw6", "MZXW 6", "MZXW1", "MZXW8", "MZXW6=Y", "MZ=XW6", "MZXWÉ", "MZXW6-"})
    void rejectsCharactersOutsideTheAlphabet(String text) {
        assertThatThrownBy(() -> Base32.decode(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "MZX", "MZXW6Y", "MZXW6YTBO"})
    void rejectsLengthsNoEncodingProduces(String text) {
        assertThatThrownBy(() -> Base32.decode(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("impossible length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MY=", "MY=======", "MZXW6YQ==", "========"})
    void rejectsWrongPadding(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonCanonicalTrailingBits() {
        // "MZ" is 'f' (MY) with an unused low bit set: it would decode to the same byte.
        assertThatThrownBy(() -> Base32.decode("MZ"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not canonical");
    }
}
