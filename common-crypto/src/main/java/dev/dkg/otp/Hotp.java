package dev.dkg.otp;

import dev.dkg.crypto.CryptoProvider;
import dev.dkg.crypto.Secrets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes RFC 4226 HOTP values: HMAC of the 8-byte big-endian counter, dynamic truncation, then the
 * low {@code digits} decimal digits, zero-padded.
 *
 * <p>Security guarantees: for a secret of at least 128 bits (RFC 4226 R6, enforced) a code reveals
 * nothing usable about the secret or other counters' codes beyond what the HMAC does. The secret is
 * never copied into an exception message.
 */
public final class Hotp {
    /** RFC 4226 R6: the shared secret MUST be at least 128 bits. */
    public static final int MIN_SECRET_BYTES = 16;

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Hotp() {}

    /**
     * The HOTP code for {@code counter}, exactly {@code digits} characters long (leading zeros kept).
     *
     * @throws IllegalArgumentException if the secret is shorter than 16 bytes, the counter is negative
     *     or digits is not 6, 7 or 8
     */
    public static String generate(byte[] secret, long counter, int digits, OtpAlgorithm algorithm) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("OTP secret must be at least 16 bytes");
        }
        if (counter < 0) {
            throw new IllegalArgumentException("OTP counter must not be negative");
        }
        OtpParameters.checkDigits(digits);
        byte[] message = new byte[8];
        for (int i = 7; i >= 0; i--) {
            message[i] = (byte) counter;
            counter >>>= 8;
        }
        byte[] hash = mac(secret, message, algorithm);
        try {
            // RFC 4226 section 5.3: the low nibble of the last byte picks where 31 bits are read.
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            int value = binary % POWERS_OF_TEN[digits];
            StringBuilder code = new StringBuilder(digits);
            String plain = Integer.toString(value);
            for (int i = plain.length(); i < digits; i++) {
                code.append('0');
            }
            return code.append(plain).toString();
        } finally {
            Secrets.wipe(hash);
        }
    }

    private static byte[] mac(byte[] secret, byte[] message, OtpAlgorithm algorithm) {
        try {
            Mac mac = CryptoProvider.active().mac(algorithm.macName());
            mac.init(new SecretKeySpec(secret, algorithm.macName()));
            return mac.doFinal(message);
        } catch (InvalidKeyException e) {
            // Deliberately drop the cause: provider messages may describe the key.
            throw new IllegalArgumentException("OTP secret is not a usable " + algorithm.macName() + " key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.macName() + " is not available in this JVM", e);
        }
    }
}
