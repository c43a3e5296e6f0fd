package dev.dkg.otp;

import java.util.Arrays;

/**
 * RFC 4648 Base32 (alphabet {@code A-Z2-7}) for OTP secrets. Encoding is unpadded by default, as
 * {@code otpauth://} URIs expect; decoding accepts only canonical input.
 *
 * <p>Guarantees: {@code decode(encode(b))} equals {@code b}, and every string {@code decode} accepts has
 * exactly one byte sequence and exactly one (unpadded) encoding. Anything else (lower case,
 * whitespace, misplaced or wrong padding, an impossible length, non-zero unused bits) is rejected.
 * Error messages give a position, never the input, because the input is usually a secret.
 */
public final class Base32 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int[] VALUES = new int[128];
    /** Padding needed after {@code dataChars % 8} characters; -1 marks lengths no encoding produces. */
    private static final int[] PADDING_FOR_REMAINDER = {0, -1, 6, -1, 4, 3, -1, 1};

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
        }
    }

    private Base32() {}

    /** Unpadded Base32, the form {@code otpauth://} URIs and authenticator apps use. */
    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }

    /** Base32 padded with {@code =} to a multiple of 8 characters, as RFC 4648 section 6 writes it. */
    public static String encodePadded(byte[] data) {
        String unpadded = encode(data);
        return unpadded + "=".repeat(PADDING_FOR_REMAINDER[unpadded.length() % 8]);
    }

    /**
     * Decodes canonical Base32, with or without complete {@code =} padding.
     *
     * @throws IllegalArgumentException if the text is not canonical Base32
     */
    public static byte[] decode(CharSequence text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        int padding = text.length() - end;
        int remainder = end % 8;
        if (PADDING_FOR_REMAINDER[remainder] < 0) {
            throw new IllegalArgumentException("Base32 text has an impossible length of " + end + " characters");
        }
        if (padding != 0 && padding != PADDING_FOR_REMAINDER[remainder]) {
            throw new IllegalArgumentException("Base32 padding is wrong: expected "
                    + PADDING_FOR_REMAINDER[remainder] + " '=' characters, found " + padding);
        }
        byte[] out = new byte[end * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int written = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            int value = c < 128 ? VALUES[c] : -1;
            if (value < 0) {
                throw new IllegalArgumentException("Base32 text has an invalid character at position " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[written++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        // Two encodings must not decode to the same bytes: the bits left over must be zero.
        if ((buffer & ((1 << bits) - 1)) != 0) {
            Arrays.fill(out, (byte) 0);
            throw new IllegalArgumentException("Base32 text is not canonical: its last character has unused bits set");
        }
        return out;
    }
}
