package dev.dkg.otp.protocol;

import dev.dkg.wire.MessageKinds;
import java.util.Set;

/**
 * The envelope kinds of the OTP protocol, inside the 0x0200 range {@link MessageKinds} gives it. Requests
 * are 0x0201–0x0205, their successful responses the same number + 0x80, a failure 0x02FF; the
 * distributor's stored-record kind (never sent on a channel) is 0x02F1. docs/protocol.md, section "OTP",
 * is the normative list.
 */
public final class OtpKinds {
    public static final int LIST = 0x0201;
    public static final int GET = 0x0202;
    public static final int VERIFY = 0x0203;
    public static final int ENROLL = 0x0204;
    public static final int ADMIN = 0x0205;

    public static final int KEY_LIST = 0x0281;
    public static final int CODE = 0x0282;
    public static final int VERDICT = 0x0283;
    public static final int ENROLLMENT = 0x0284;
    public static final int ADMIN_STATE = 0x0285;
    public static final int FAILURE = 0x02FF;

    /** A verification-state record of the distributor's own state log. */
    public static final int STATE_RECORD = 0x02F1;

    /** What a distributor accepts on a channel; anything else closes the channel. */
    public static final Set<Integer> REQUESTS = Set.of(LIST, GET, VERIFY, ENROLL, ADMIN);

    private OtpKinds() {}

    /** The kinds a requester accepts in answer to a request of {@code requestKind}. */
    public static Set<Integer> responsesTo(int requestKind) {
        return Set.of(requestKind + 0x80, FAILURE);
    }
}
