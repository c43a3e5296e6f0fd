package dev.dkg.otp.distributor;

import java.io.IOException;
import java.sql.SQLException;

/**
 * The shared verification state could not be read or written (database unreachable, a transaction that
 * failed or timed out): nothing was decided, and the request must be refused, never answered from memory.
 */
public final class StateUnavailableException extends IOException {
    StateUnavailableException(SQLException cause) {
        super("verification state database unavailable: " + firstLine(cause.getMessage()), cause);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
