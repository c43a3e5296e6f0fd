package dev.dkg.keygen;

import dev.dkg.crypto.Sha256;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.CryptoProvider;
import dev.dkg.crypto.Hkdf;
import dev.dkg.crypto.Secrets;
import dev.dkg.wire.WireWriter;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The combine step of a round (docs/protocol.md, "Key derivation"):
 * {@code key = HKDF-SHA-256(salt = H(transcript), ikm = r_S | c_1 | … | c_n, info = "dkg key v1" |
 * string(purpose) | u16(length), length)}, with the contributions in participant order; plus the key's public
 * id and check value.
 *
 * <p>Guarantee: {@link #combine} derives a key only if the server's and every participant's contribution opens
 * its commitment in the transcript; the key then depends on every contribution, their order, the whole
 * transcript and the parameters, so as long as one contribution is uniform and unknown to someone, the key is
 * uniform and unknown to them. Key id and check value are safe to publish.
 */
public final class KeyDerivation {
    public static final int KEY_ID_BYTES = 16;
    public static final int CHECK_VALUE_BYTES = 8;
    private static final byte[] KEY_INFO_LABEL = RoundTranscript.ascii("dkg key v1");
    private static final byte[] KEY_ID_LABEL = RoundTranscript.ascii("dkg key id v1");
    private static final byte[] CHECK_VALUE_LABEL = RoundTranscript.ascii("dkg key check value v1");

    private KeyDerivation() {}

    /**
     * The round's key, after checking that {@code serverContribution} and each of {@code contributions} (in
     * participant order) opens its commitment in {@code transcript}; throws GeneralSecurityException naming
     * the first party whose contribution does not.
     */
    public static byte[] combine(RoundTranscript transcript, byte[] serverContribution, List<byte[]> contributions)
            throws GeneralSecurityException {
        byte[] roundId = transcript.roundId();
        if (!MessageDigest.isEqual(RoundTranscript.commitment(roundId, transcript.serverName(), serverContribution),
                transcript.serverCommitment())) {
            throw new GeneralSecurityException("the server's contribution does not match its commitment");
        }
        List<String> names = transcript.participants();
        if (contributions.size() != names.size()) {
            throw new IllegalArgumentException(contributions.size() + " contributions for " + names.size()
                    + " participants");
        }
        for (int i = 0; i < names.size(); i++) {
            if (!MessageDigest.isEqual(RoundTranscript.commitment(roundId, names.get(i), contributions.get(i)),
                    transcript.commitment(i))) {
                throw new GeneralSecurityException("the contribution of " + names.get(i)
                        + " does not match its commitment");
            }
        }
        return deriveKey(transcript.hash(), serverContribution, contributions, transcript.parameters());
    }

    /** The HKDF step alone, without commitment checks: for tests and test vectors. */
    public static byte[] deriveKey(byte[] transcriptHash, byte[] serverContribution, List<byte[]> contributions,
                                   KeyParameters parameters) {
        WireWriter ikm = new WireWriter(KeygenMessages.VALUE_BYTES * (contributions.size() + 1));
        try {
            ikm.bytes(checkValue32(serverContribution));
            for (byte[] c : contributions) {
                ikm.bytes(checkValue32(c));
            }
            byte[] material = ikm.toByteArray();
            try {
                return Hkdf.derive(transcriptHash, material, info(parameters), parameters.length());
            } finally {
                Secrets.wipe(material);
            }
        } finally {
            ikm.wipe();
        }
    }

    /** {@code "dkg key v1" | string(purpose) | u16(length)}. */
    static byte[] info(KeyParameters parameters) {
        return new WireWriter(64).bytes(KEY_INFO_LABEL).string(parameters.purpose()).u16(parameters.length())
                .toByteArray();
    }

    /** First 16 bytes of H("dkg key id v1" | transcript hash): public, computable by every participant. */
    public static byte[] keyId(byte[] transcriptHash) {
        return Arrays.copyOf(Sha256.of(KEY_ID_LABEL, transcriptHash), KEY_ID_BYTES);
    }

    public static String keyIdHex(byte[] transcriptHash) {
        return HexFormat.of().formatHex(keyId(transcriptHash));
    }

    /**
     * First 8 bytes of HMAC-SHA-256(key, "dkg key check value v1"): lets a holder of the key confirm it is the
     * one a receipt names, and reveals nothing useful about a key of 128 bits or more.
     */
    public static byte[] checkValue(byte[] key) {
        try {
            Mac mac = CryptoProvider.active().mac(Algorithms.HMAC_SHA256);
            mac.init(new SecretKeySpec(key, Algorithms.HMAC_SHA256));
            return Arrays.copyOf(mac.doFinal(CHECK_VALUE_LABEL), CHECK_VALUE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    private static byte[] checkValue32(byte[] contribution) {
        if (contribution == null || contribution.length != KeygenMessages.VALUE_BYTES) {
            throw new IllegalArgumentException("a contribution must be 32 bytes");
        }
        return contribution;
    }
}
