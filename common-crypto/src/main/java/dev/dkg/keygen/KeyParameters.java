package dev.dkg.keygen;

import java.util.regex.Pattern;

/**
 * What a generated key is for and how long it is: a purpose label (part of the key derivation, so keys for
 * different purposes are independent) and the key length in bytes. Construction checks both.
 */
public record KeyParameters(String purpose, int length) {
    /** Lower-case label: a letter or digit first, then up to 31 of {@code a-z 0-9 . _ -}. */
    public static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    /** 128 bits: below this a key is guessable offline from its published check value. */
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 64;
    public static final KeyParameters DEFAULT = new KeyParameters("otp", 32);

    public KeyParameters {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose must be 1 to 32 of a-z 0-9 . _ - starting with a letter or "
                    + "digit, not '" + purpose + "'");
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("key length must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " bytes, not " + length);
        }
    }
}
