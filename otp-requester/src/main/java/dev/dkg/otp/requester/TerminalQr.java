package dev.dkg.otp.requester;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Renders text (an {@code otpauth://} URI) as a QR code an authenticator app can scan from a terminal.
 *
 * <p>Each character cell shows two modules stacked, using the Unicode half blocks {@code ▀ ▄ █} and
 * space, so the code keeps its square shape. Every line sets black foreground on bright white
 * background (ANSI SGR 30;107) and resets at its end: without that, a dark terminal theme would draw
 * the code light-on-dark, which many scanners refuse. Error correction level M; a 4-module quiet zone
 * (the minimum ISO 18004 asks for) is part of the output.
 *
 * <p>Without a terminal (output piped or redirected) the escapes are left out, since they would only be
 * noise in a file; {@link #png} draws the same symbol as an image for that case.
 *
 * <p>The text usually carries a secret: it is not echoed in exception messages.
 */
public final class TerminalQr {
    /** Quiet zone around the symbol, in modules. */
    public static final int QUIET_ZONE_MODULES = 4;

    static final String DARK_ON_LIGHT = "\u001b[30;107m";
    static final String RESET = "\u001b[0m";
    static final char UPPER_HALF = '\u2580';
    static final char LOWER_HALF = '\u2584';
    static final char FULL_BLOCK = '\u2588';

    private TerminalQr() {}

    /**
     * The QR code for {@code contents}: lines ending in {@code \n}, each wrapped in the colour escapes.
     *
     * @throws IllegalArgumentException if the contents do not fit in a QR code at level M
     */
    public static String render(String contents) {
        return render(contents, true);
    }

    /** As {@link #render(String)}; {@code colour} false leaves out the escapes (for output that is not a terminal). */
    public static String render(String contents, boolean colour) {
        BitMatrix modules = encode(contents);
        StringBuilder out = new StringBuilder(modules.getHeight() / 2 * (modules.getWidth() + 16));
        for (int y = 0; y < modules.getHeight(); y += 2) {
            out.append(colour ? DARK_ON_LIGHT : "");
            for (int x = 0; x < modules.getWidth(); x++) {
                boolean top = modules.get(x, y);
                // An odd height leaves the last half-row past the matrix: it is quiet zone, so light.
                boolean bottom = y + 1 < modules.getHeight() && modules.get(x, y + 1);
                out.append(top ? (bottom ? FULL_BLOCK : UPPER_HALF) : (bottom ? LOWER_HALF : ' '));
            }
            out.append(colour ? RESET : "").append('\n');
        }
        return out.toString();
    }

    /** How many terminal columns {@link #render} needs for {@code contents}: one per module, quiet zone included. */
    public static int columns(String contents) {
        return encode(contents).getWidth();
    }

    /** The QR code as a PNG image, black on white, {@code pixelsPerModule} pixels per module. */
    public static byte[] png(String contents, int pixelsPerModule) {
        BitMatrix modules = encode(contents);
        int size = modules.getWidth() * pixelsPerModule;
        BufferedImage image = new BufferedImage(size, modules.getHeight() * pixelsPerModule, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, modules.get(x / pixelsPerModule, y / pixelsPerModule) ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the QR code as PNG", e);
        }
        return out.toByteArray();
    }

    private static BitMatrix encode(String contents) {
        if (contents == null || contents.isEmpty()) {
            throw new IllegalArgumentException("nothing to render as a QR code");
        }
        Map<EncodeHintType, Object> hints = Map.of(
                EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                EncodeHintType.MARGIN, QUIET_ZONE_MODULES);
        try {
            // Width and height 0: one matrix cell per module, the smallest matrix that holds the code.
            return new QRCodeWriter().encode(contents, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("text of " + contents.length()
                    + " characters does not fit in a QR code at error correction level M");
        }
    }
}
