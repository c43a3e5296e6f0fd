package dev.dkg.signing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import java.util.Arrays;

/**
 * COMMITMENT (signer → S), the signer's round-one output: {@code session-id 16B | hiding element | binding
 * element}, each element in its ciphersuite's SerializeElement encoding of {@code elementBytes} bytes.
 */
public record NonceCommitment(byte[] sessionId, byte[] hiding, byte[] binding) {
    public NonceCommitment {
        sessionId = SigningMessages.exact(sessionId, SigningMessages.SESSION_ID_BYTES, "session id");
        hiding = hiding.clone();
        binding = binding.clone();
        if (hiding.length != binding.length || hiding.length == 0) {
            throw new IllegalArgumentException("hiding and binding commitments must be elements of one group");
        }
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public byte[] hiding() {
        return hiding.clone();
    }

    @Override
    public byte[] binding() {
        return binding.clone();
    }

    /** Whether this is exactly the pair {@code (hiding, binding)}. */
    public boolean sameCommitments(byte[] otherHiding, byte[] otherBinding) {
        return Arrays.equals(hiding, otherHiding) && Arrays.equals(binding, otherBinding);
    }

    public byte[] encode() {
        byte[] out = new byte[SigningMessages.SESSION_ID_BYTES + 2 * hiding.length];
        System.arraycopy(sessionId, 0, out, 0, SigningMessages.SESSION_ID_BYTES);
        System.arraycopy(hiding, 0, out, SigningMessages.SESSION_ID_BYTES, hiding.length);
        System.arraycopy(binding, 0, out, SigningMessages.SESSION_ID_BYTES + hiding.length, binding.length);
        return out;
    }

    public static NonceCommitment decode(byte[] body, int elementBytes) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] sessionId = r.bytes(SigningMessages.SESSION_ID_BYTES, "session id");
        byte[] hiding = r.bytes(elementBytes, "hiding commitment");
        byte[] binding = r.bytes(elementBytes, "binding commitment");
        r.finish();
        return new NonceCommitment(sessionId, hiding, binding);
    }
}
