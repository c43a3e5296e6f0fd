package dev.dkg.otp.protocol;

/**
 * What a key id on the OTP wire may look like: 1 to 128 printable ASCII characters without spaces
 * (0x21–0x7E), so it fits one field of an ACL line and can be printed and logged as it is.
 */
public final class KeyIds {
    public static final int MAX_LENGTH = 128;

    private KeyIds() {}

    public static boolean isValid(String keyId) {
        if (keyId == null || keyId.isEmpty() || keyId.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < keyId.length(); i++) {
            char c = keyId.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code keyId} if valid, else throws IllegalArgumentException. */
    public static String check(String keyId) {
        if (!isValid(keyId)) {
            throw new IllegalArgumentException("a key id is 1 to " + MAX_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return keyId;
    }
}
