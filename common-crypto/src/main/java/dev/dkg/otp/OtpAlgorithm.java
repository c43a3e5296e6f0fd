package dev.dkg.otp;

import dev.dkg.crypto.Algorithms;

/** The HMAC functions RFC 4226 and RFC 6238 allow, with their JCA and {@code otpauth://} names. */
public enum OtpAlgorithm {
    SHA1(Algorithms.HMAC_SHA1, "SHA1"),
    SHA256(Algorithms.HMAC_SHA256, "SHA256"),
    SHA512(Algorithms.HMAC_SHA512, "SHA512");

    private final String macName;
    private final String uriName;

    OtpAlgorithm(String macName, String uriName) {
        this.macName = macName;
        this.uriName = uriName;
    }

    /** The JCA {@code Mac} name. */
    public String macName() {
        return macName;
    }

    /** The value of the {@code algorithm} parameter in an {@code otpauth://} URI. */
    public String uriName() {
        return uriName;
    }

    /** Parses {@code SHA1}, {@code SHA256} or {@code SHA512} exactly (the spelling used on the wire and in URIs). */
    public static OtpAlgorithm fromUriName(String name) {
        for (OtpAlgorithm a : values()) {
            if (a.uriName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("OTP algorithm must be SHA1, SHA256 or SHA512, not " + name);
    }
}
