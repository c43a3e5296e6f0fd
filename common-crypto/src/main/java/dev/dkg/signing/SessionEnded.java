package dev.dkg.signing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * SESSION_ENDED (S → signer): {@code session-id 16B | outcome u8 | count u8 | string(culprit) …}. The signer
 * wipes whatever nonces it still holds for the session.
 */
public record SessionEnded(byte[] sessionId, SigningOutcome outcome, List<String> culprits) {
    public SessionEnded {
        sessionId = SigningMessages.exact(sessionId, SigningMessages.SESSION_ID_BYTES, "session id");
        culprits = List.copyOf(culprits);
        culprits.forEach(dev.dkg.pki.Subject::checkName);
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** "bob sent a signature share that does not verify", or "signed". */
    public String describe() {
        return (culprits.isEmpty() ? "" : String.join(", ", culprits) + " ") + outcome.description();
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(20 + 66 * culprits.size()).bytes(sessionId).u8(outcome.code()).count8(culprits.size());
        culprits.forEach(w::string);
        return w.toByteArray();
    }

    public static SessionEnded decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] sessionId = r.bytes(SigningMessages.SESSION_ID_BYTES, "session id");
        SigningOutcome outcome = SigningOutcome.of(r.u8("outcome"));
        int count = r.count8(0, SigningMessages.MAX_SIGNERS, "culprit");
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(Names.read(r, "culprit"));
        }
        r.finish();
        return new SessionEnded(sessionId, outcome, names);
    }
}
