package dev.dkg.otp.protocol;

import dev.dkg.wire.WireFormatException;
import java.util.Locale;

/**
 * What an ADMIN request does to a key's verification state (docs/protocol.md 13.2). Every action answers
 * with the key's state as it is afterwards, so {@link #STATUS} is the one that changes nothing.
 */
public enum OtpAdminAction {
    /** Change nothing; report the state. */
    STATUS(0),
    /** Clear the failure count and any lock-out. */
    UNLOCK(1),
    /** Clear the failure count; a lock-out in force stays until it runs out. */
    RESET(2),
    /** Refuse every code, issue and enrolment for the key until it is enabled. */
    DISABLE(3),
    /** Undo {@link #DISABLE}. */
    ENABLE(4);

    private final int code;

    OtpAdminAction(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The action's name on the command line and in audit lines: "unlock", "disable", … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action named {@code label} ("unlock", …) on a command line, or null. */
    public static OtpAdminAction fromLabel(String label) {
        for (OtpAdminAction a : values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        return null;
    }

    static OtpAdminAction fromCode(int code) throws WireFormatException {
        for (OtpAdminAction a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new WireFormatException("admin action " + code + " is not 0 to 4");
    }
}
