package dev.dkg.otp.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a requester may do with a key: the operations an ACL grants and a key listing reports. */
public enum OtpOperation {
    GET, VERIFY, ENROLL,
    /** Unlock, reset, disable, enable a key, and see its lock state (ADMIN requests). */
    ADMIN;

    /** The spelling used in the ACL file and on the wire. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every spelling, in declaration order: the vocabulary of the distributor's ACL file. */
    public static List<String> fileNames() {
        return Arrays.stream(values()).map(OtpOperation::fileName).toList();
    }

    /** The operation spelled {@code name} in an ACL file, or null. */
    public static OtpOperation fromFileName(String name) {
        for (OtpOperation op : values()) {
            if (op.fileName().equals(name)) {
                return op;
            }
        }
        return null;
    }
}
