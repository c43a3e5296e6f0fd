package dev.dkg.signing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * SIGN_RESULT (S → requester): {@code outcome u8 | key-id 16B | count u8 | string(name) … | signature bytes16 |
 * public-key bytes16}. For {@link SigningOutcome#SIGNED} the names are the signers, the signature is the RFC 9591
 * serialisation, verified by the Coordinator, and public-key the group key's SubjectPublicKeyInfo DER, so the
 * requester can verify it too; otherwise the names are the culprits (if any) and both are empty.
 */
public record SignResult(SigningOutcome outcome, byte[] keyId, List<String> names, byte[] signature, byte[] publicKey) {
    /** The longest signature of any suite (a 33-byte element and a 32-byte scalar), with room to spare. */
    static final int MAX_SIGNATURE_BYTES = 128;
    /** The longest SubjectPublicKeyInfo of any suite (91 bytes for an uncompressed EC point), with room to spare. */
    static final int MAX_PUBLIC_KEY_BYTES = 256;

    public SignResult {
        keyId = SigningMessages.exact(keyId, SigningMessages.KEY_ID_BYTES, "key id");
        names = List.copyOf(names);
        names.forEach(dev.dkg.pki.Subject::checkName);
        signature = signature.clone();
        publicKey = publicKey.clone();
        boolean signed = outcome == SigningOutcome.SIGNED;
        if (signed == (signature.length == 0) || signed == (publicKey.length == 0)
                || signature.length > MAX_SIGNATURE_BYTES || publicKey.length > MAX_PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("a signature and public key come with outcome signed, and only with it");
        }
    }

    public static SignResult failed(SigningOutcome outcome, byte[] keyId, List<String> culprits) {
        return new SignResult(outcome, keyId, culprits, new byte[0], new byte[0]);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    /** One line for people: "bob sent a signature share that does not verify". */
    public String describe() {
        return (outcome == SigningOutcome.SIGNED || names.isEmpty() ? "" : String.join(", ", names) + " ")
                + outcome.description();
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(24 + 66 * names.size() + signature.length).u8(outcome.code()).bytes(keyId)
                .count8(names.size());
        names.forEach(w::string);
        return w.u16(signature.length).bytes(signature).u16(publicKey.length).bytes(publicKey).toByteArray();
    }

    public static SignResult decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        SigningOutcome outcome = SigningOutcome.of(r.u8("outcome"));
        byte[] keyId = r.bytes(SigningMessages.KEY_ID_BYTES, "key id");
        int count = r.count8(0, SigningMessages.MAX_SIGNERS, "name");
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(Names.read(r, "name"));
        }
        byte[] signature = r.shortBytes(MAX_SIGNATURE_BYTES, "signature");
        byte[] publicKey = r.shortBytes(MAX_PUBLIC_KEY_BYTES, "public key");
        r.finish();
        boolean signed = outcome == SigningOutcome.SIGNED;
        if (signed == (signature.length == 0) || signed == (publicKey.length == 0)) {
            throw new WireFormatException("outcome " + outcome.code() + " with a signature of " + signature.length
                    + " bytes and a public key of " + publicKey.length);
        }
        return new SignResult(outcome, keyId, names, signature, publicKey);
    }
}
