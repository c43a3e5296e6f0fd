package dev.dkg.signing;

import dev.dkg.pki.Subject;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;

/** Reads a certificate name from a message, rejecting anything the name rules do not allow. */
final class Names {
    private Names() {}

    static String read(WireReader r, String field) throws WireFormatException {
        String name = r.string(SigningMessages.MAX_NAME_BYTES, field);
        try {
            return Subject.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(field + ": " + e.getMessage());
        }
    }
}
