package dev.dkg.otp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds the {@code otpauth://} URI an authenticator app enrols a key from (Google Authenticator
 * Key URI format): {@code otpauth://TYPE/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=…&digits=…&period=…}
 * ({@code counter=…} instead of {@code period} for HOTP).
 *
 * <p>Issuer and account are percent-encoded as UTF-8, keeping only RFC 3986 unreserved characters, so a
 * space is {@code %20} (never {@code +}) and a colon inside either is {@code %3A}; the one literal colon
 * separates issuer from account. All parameters are written even when they equal the defaults, because
 * some apps ignore a missing one differently.
 *
 * <p>The URI carries the secret: only {@link #reveal()} returns it, {@link #toString()} does not.
 */
public final class OtpAuthUri {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String REDACTED = "<redacted>";

    private final String head;
    private final String secretBase32;
    private final String tail;

    private OtpAuthUri(String head, String secretBase32, String tail) {
        this.head = head;
        this.secretBase32 = secretBase32;
        this.tail = tail;
    }

    /** A time-based key: {@code otpauth://totp/…&period=SECONDS}. */
    public static OtpAuthUri totp(String issuer, String account, byte[] secret, OtpParameters parameters) {
        return build("totp", issuer, account, secret, parameters, "&period=" + parameters.stepSeconds());
    }

    /**
     * A counter-based key: {@code otpauth://hotp/…&counter=N}, N being the counter the app starts from.
     * The step in {@code parameters} is not used.
     */
    public static OtpAuthUri hotp(String issuer, String account, byte[] secret, OtpParameters parameters, long counter) {
        if (counter < 0) {
            throw new IllegalArgumentException("HOTP counter must not be negative");
        }
        return build("hotp", issuer, account, secret, parameters, "&counter=" + counter);
    }

    private static OtpAuthUri build(String type, String issuer, String account, byte[] secret,
            OtpParameters parameters, String last) {
        Objects.requireNonNull(parameters, "parameters");
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("otpauth issuer must not be empty");
        }
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("otpauth account must not be empty");
        }
        if (secret == null || secret.length < Hotp.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("OTP secret must be at least 16 bytes");
        }
        String encodedIssuer = percentEncode(issuer);
        String head = "otpauth://" + type + "/" + encodedIssuer + ":" + percentEncode(account) + "?secret=";
        String tail = "&issuer=" + encodedIssuer
                + "&algorithm=" + parameters.algorithm().uriName()
                + "&digits=" + parameters.digits()
                + last;
        return new OtpAuthUri(head, Base32.encode(secret), tail);
    }

    /** The full URI, secret included: for a QR code or the user's terminal, never for a log. */
    public String reveal() {
        return head + secretBase32 + tail;
    }

    /** The URI with the secret replaced by {@code <redacted>}. */
    @Override
    public String toString() {
        return head + REDACTED + tail;
    }

    /**
     * {@code uri} (a full {@code otpauth://TYPE/ISSUER:ACCOUNT?…} URI) with its account replaced by
     * {@code account}, percent-encoded as {@link #totp} does; issuer and parameters are kept as they are.
     * The result is a plain string, since the input already carries the secret.
     *
     * @throws IllegalArgumentException if {@code uri} is not an otpauth URI with an ISSUER:ACCOUNT label
     */
    public static String withAccount(String uri, String account) {
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("otpauth account must not be empty");
        }
        int typeEnd = uri.startsWith("otpauth://") ? uri.indexOf('/', "otpauth://".length()) : -1;
        int query = uri.indexOf('?');
        int colon = typeEnd < 0 ? -1 : uri.indexOf(':', typeEnd);
        if (typeEnd < 0 || query < 0 || colon < 0 || colon > query) {
            // The URI holds the secret: never quote it.
            throw new IllegalArgumentException("not an otpauth:// URI with an ISSUER:ACCOUNT label");
        }
        return uri.substring(0, colon + 1) + percentEncode(account) + uri.substring(query);
    }

    /** RFC 3986 percent-encoding of UTF-8, leaving only unreserved characters as they are. */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0x0f]);
            }
        }
        return out.toString();
    }
}
