package dev.dkg.sharing;

import dev.dkg.crypto.RsaPss;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SignatureException;

/**
 * COLLECT_REQUEST, dealer to holder: {@code vault-id 16B | epoch u32 | nonce 32B | signature bytes16}, the
 * signature by the dealer over {@link Statements#collect}. The fresh nonce binds the answer to this one
 * request, so a share returned for an earlier request is refused.
 */
public record CollectRequest(VaultId vault, long epoch, byte[] nonce, byte[] signature) {
    public static CollectRequest sign(VaultId vault, long epoch, PrivateKey dealerKey, SecureRandom random)
            throws GeneralSecurityException {
        byte[] nonce = new byte[SharingFields.NONCE_BYTES];
        random.nextBytes(nonce);
        return new CollectRequest(vault, epoch, nonce, RsaPss.sign(dealerKey, Statements.collect(vault, epoch, nonce)));
    }

    public void verify(PublicKey dealerKey) throws SignatureException {
        RsaPss.verify(dealerKey, Statements.collect(vault, epoch, nonce), signature);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(600);
        vault.write(w);
        return w.u32(epoch).bytes(nonce).u16(signature.length).bytes(signature).toByteArray();
    }

    public static CollectRequest decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long epoch = SharingFields.readEpoch(r, "epoch");
        byte[] nonce = r.bytes(SharingFields.NONCE_BYTES, "nonce");
        byte[] signature = SharingFields.readSignature(r, "signature");
        r.finish();
        return new CollectRequest(vault, epoch, nonce, signature);
    }
}
