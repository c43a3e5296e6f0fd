package dev.dkg.channel;

import dev.dkg.crypto.Sha256;
import dev.dkg.crypto.Algorithms;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The handshake transcript hashes: what each side signs and the session id both derive. Each hash starts
 * with a distinct ASCII label, so a signature made for one purpose is never valid for another; the
 * message bodies are self-delimiting, so their plain concatenation is unambiguous.
 */
final class Transcript {
    static final int SESSION_ID_BYTES = 16;
    private static final byte[] SERVER_LABEL = "srv".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_LABEL = "cli".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SESSION_LABEL = "session".getBytes(StandardCharsets.US_ASCII);

    private Transcript() {}

    /** SHA-256("srv" | HELLO body | HELLO_REPLY body without its signature field): the server signs this. */
    static byte[] serverSigned(byte[] hello, byte[] replyUnsigned) {
        return Sha256.of(SERVER_LABEL, hello, replyUnsigned);
    }

    /** SHA-256("cli" | HELLO body | HELLO_REPLY body): the client signs this. */
    static byte[] clientSigned(byte[] hello, byte[] reply) {
        return Sha256.of(CLIENT_LABEL, hello, reply);
    }

    /** SHA-256("session" | HELLO body | HELLO_REPLY body | AUTH body), first 16 bytes. */
    static byte[] sessionId(byte[] hello, byte[] reply, byte[] auth) {
        return Arrays.copyOf(Sha256.of(SESSION_LABEL, hello, reply, auth), SESSION_ID_BYTES);
    }

}
