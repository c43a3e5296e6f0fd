package dev.dkg.pki;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A party's role, carried in its certificate's subject as OU and checked by every peer. */
public enum Role {
    KEYGEN_SERVER("keygen-server"),
    KEYGEN_CLIENT("keygen-client"),
    OTP_DISTRIBUTOR("otp-distributor"),
    OTP_REQUESTER("otp-requester"),
    DEALER("dealer"),
    SHARE_HOLDER("share-holder");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The name as written in certificates, on the command line and on the wire. */
    public String label() {
        return label;
    }

    public static Role fromLabel(String label) {
        for (Role r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label + "' (one of: "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
