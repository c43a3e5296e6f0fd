package dev.dkg.otp.requester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.dkg.otp.OtpAlgorithm;
import dev.dkg.otp.OtpAuthUri;
import dev.dkg.otp.OtpParameters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalQrTest {
    private static final String URI = OtpAuthUri.totp("Acme Co", "bob@example.com",
            "12345678901234567890".getBytes(StandardCharsets.US_ASCII),
            new OtpParameters(OtpAlgorithm.SHA256, 8, Duration.ofSeconds(30))).reveal();
    private static final int PIXELS_PER_MODULE = 4;

    /** Turns the rendered text back into modules: two per character row, escapes dropped. */
    private static BitMatrix modulesOf(String rendered) {
        List<String> rows = rendered.lines()
                .map(line -> {
                    assertThat(line).startsWith(TerminalQr.DARK_ON_LIGHT).endsWith(TerminalQr.RESET);
                    return line.substring(TerminalQr.DARK_ON_LIGHT.length(), line.length() - TerminalQr.RESET.length());
                })
                .toList();
        int width = rows.get(0).length();
        BitMatrix matrix = new BitMatrix(width, rows.size() * 2);
        for (int y = 0; y < rows.size(); y++) {
            String row = rows.get(y);
            assertThat(row).hasSize(width);
            for (int x = 0; x < width; x++) {
                char c = row.charAt(x);
                assertThat(c).isIn(' ', TerminalQr.UPPER_HALF, TerminalQr.LOWER_HALF, TerminalQr.FULL_BLOCK);
                if (c == TerminalQr.UPPER_HALF || c == TerminalQr.FULL_BLOCK) {
                    matrix.set(x, 2 * y);
                }
                if (c == TerminalQr.LOWER_HALF || c == TerminalQr.FULL_BLOCK) {
                    matrix.set(x, 2 * y + 1);
                }
            }
        }
        return matrix;
    }

    /** Decodes modules the way a camera would see them: as an image, black modules on white. */
    private static Result scan(BitMatrix modules) throws Exception {
        int width = modules.getWidth() * PIXELS_PER_MODULE;
        int height = modules.getHeight() * PIXELS_PER_MODULE;
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean dark = modules.get(x / PIXELS_PER_MODULE, y / PIXELS_PER_MODULE);
                pixels[y * width + x] = dark ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }

    @Test
    void rendersAQrCodeThatDecodesToTheSameUri() throws Exception {
        Result result = scan(modulesOf(TerminalQr.render(URI)));

        assertThat(result.getText()).isEqualTo(URI);
        assertThat(result.getResultMetadata()).containsEntry(ResultMetadataType.ERROR_CORRECTION_LEVEL, "M");
    }

    @Test
    void surroundsTheSymbolWithAQuietZoneOfFourModules() {
        BitMatrix modules = modulesOf(TerminalQr.render(URI));
        int[] box = modules.getEnclosingRectangle();

        assertThat(box[0]).as("left").isEqualTo(4);
        assertThat(box[1]).as("top").isEqualTo(4);
        assertThat(modules.getWidth() - box[0] - box[2]).as("right").isEqualTo(4);
        assertThat(modules.getHeight() - box[1] - box[3]).as("bottom, with the padding half-row").isBetween(4, 5);
        assertThat(box[2]).as("symbol width is a QR version size").matches(w -> (w - 21) % 4 == 0);
    }

    @Test
    void drawsEveryLineDarkOnLightWhateverTheTerminalTheme() {
        assertThat(TerminalQr.render(URI).lines()).allSatisfy(line ->
                assertThat(line).startsWith("\u001b[30;107m").endsWith("\u001b[0m"));
    }

    @Test
    void refusesTextTooLongForAQrCodeWithoutEchoingIt() {
        String tooLong = "otpauth://" + "A".repeat(5000);
        assertThatThrownBy(() -> TerminalQr.render(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("AAAA");
    }
}
