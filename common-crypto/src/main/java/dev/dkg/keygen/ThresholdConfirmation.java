package dev.dkg.keygen;

import dev.dkg.crypto.RsaPss;
import dev.dkg.frost.Element;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;

/**
 * T_CONFIRM body: {@code transcript-hash 32B | signature bytes16}, the signature being RSASSA-PSS of the
 * participant's identity key over {@code "dkg threshold confirm v1" | transcript-hash | SerializeElement(PK)}.
 * A participant confirms only after checking every share it received; n agreeing confirmations are what
 * makes a threshold key exist, and a server that showed participants different values cannot collect them.
 */
public record ThresholdConfirmation(byte[] transcriptHash, byte[] signature) {
    private static final byte[] LABEL = "dkg threshold confirm v1".getBytes(StandardCharsets.US_ASCII);

    public ThresholdConfirmation {
        transcriptHash = transcriptHash.clone();
        signature = signature.clone();
        if (transcriptHash.length != 32 || signature.length == 0 || signature.length > 512) {
            throw new IllegalArgumentException("a confirmation is a 32-byte hash and a 1..512-byte signature");
        }
    }

    static byte[] signedBytes(byte[] transcriptHash, Element groupKey) {
        return new WireWriter(128).bytes(LABEL).bytes(transcriptHash).bytes(groupKey.toBytes()).toByteArray();
    }

    public static ThresholdConfirmation sign(byte[] transcriptHash, Element groupKey, PrivateKey key)
            throws GeneralSecurityException {
        return new ThresholdConfirmation(transcriptHash, RsaPss.sign(key, signedBytes(transcriptHash, groupKey)));
    }

    /** Checks the signature for exactly this transcript hash and group key. */
    public static void verify(byte[] signature, byte[] transcriptHash, Element groupKey, PublicKey key)
            throws SignatureException {
        RsaPss.verify(key, signedBytes(transcriptHash, groupKey), signature);
    }

    @Override
    public byte[] transcriptHash() {
        return transcriptHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public byte[] encode() {
        return new WireWriter(48 + signature.length).bytes(transcriptHash).u16(signature.length).bytes(signature)
                .toByteArray();
    }

    public static ThresholdConfirmation decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] hash = r.bytes(32, "transcript hash");
        byte[] signature = r.shortBytes(512, "signature");
        r.finish();
        if (signature.length == 0) {
            throw new WireFormatException("empty signature");
        }
        return new ThresholdConfirmation(hash, signature);
    }
}
