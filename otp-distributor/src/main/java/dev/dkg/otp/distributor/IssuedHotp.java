package dev.dkg.otp.distributor;

/** An HOTP code handed out for a key and the counter it was computed for; {@link #toString()} omits the code. */
public record IssuedHotp(String code, long counter) {
    @Override
    public String toString() {
        return "IssuedHotp[counter=" + counter + "]";
    }
}
