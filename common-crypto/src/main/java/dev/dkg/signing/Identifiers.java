package dev.dkg.signing;

import dev.dkg.wire.WireFormatException;
import java.util.List;

/** Signer identifiers: 1-based positions in a key's participant order, listed in strictly ascending order. */
final class Identifiers {
    private Identifiers() {}

    static List<Integer> checkAscending(List<Integer> ids) {
        try {
            checkAscending(ids, "identifier");
        } catch (WireFormatException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return List.copyOf(ids);
    }

    static void checkAscending(List<Integer> ids, String field) throws WireFormatException {
        if (ids.isEmpty() || ids.size() > SigningMessages.MAX_SIGNERS) {
            throw new WireFormatException(field + " list must hold 1 to " + SigningMessages.MAX_SIGNERS + " entries");
        }
        int previous = 0;
        for (int id : ids) {
            if (id <= previous || id > SigningMessages.MAX_SIGNERS) {
                throw new WireFormatException(field + "s must be 1 to " + SigningMessages.MAX_SIGNERS
                        + " in strictly ascending order, found " + id + " after " + previous);
            }
            previous = id;
        }
    }
}
