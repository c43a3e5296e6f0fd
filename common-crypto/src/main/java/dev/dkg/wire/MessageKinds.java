package dev.dkg.wire;

/**
 * The registry of envelope message kinds (u16). Each role owns a range and defines its kinds inside it;
 * kind 0 is never valid. docs/protocol.md carries the same table.
 */
public final class MessageKinds {
    /** Channel-level and messages common to all roles: 0x0001–0x00FF. */
    public static final int COMMON_FIRST = 0x0001;
    public static final int COMMON_LAST = 0x00FF;
    /** Key generation rounds (keygen-server, keygen-client): 0x0100–0x01FF. */
    public static final int KEYGEN_FIRST = 0x0100;
    public static final int KEYGEN_LAST = 0x01FF;
    /** OTP distribution (otp-distributor, otp-requester): 0x0200–0x02FF. */
    public static final int OTP_FIRST = 0x0200;
    public static final int OTP_LAST = 0x02FF;
    /** Verifiable sharing (dealer, share-holder): 0x0300–0x03FF. */
    public static final int SHARING_FIRST = 0x0300;
    public static final int SHARING_LAST = 0x03FF;

    private MessageKinds() {}

    /** True for 1..65535, the values an envelope may carry. */
    public static boolean isValid(int kind) {
        return kind >= 1 && kind <= 0xFFFF;
    }
}
