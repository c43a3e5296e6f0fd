package dev.dkg.sharing;

import dev.dkg.crypto.RsaPss;
import dev.dkg.vss.Share;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.util.Arrays;

/**
 * SHARE_RETURN, holder to dealer: {@code vault-id 16B | epoch u32 | nonce 32B | share 33B | signature
 * bytes16}, the signature by the holder over {@link Statements#shareReturn}. Travels only inside an
 * envelope sealed to the dealer.
 */
public record ShareReturn(VaultId vault, long epoch, byte[] nonce, Share share, byte[] signature) {
    public static ShareReturn sign(CollectRequest request, Share share, PrivateKey holderKey)
            throws GeneralSecurityException {
        byte[] s = share.toBytes();
        byte[] statement = Statements.shareReturn(request.vault(), request.epoch(), request.nonce(), s);
        try {
            return new ShareReturn(request.vault(), request.epoch(), request.nonce().clone(), share,
                    RsaPss.sign(holderKey, statement));
        } finally {
            Arrays.fill(s, (byte) 0);
            Arrays.fill(statement, (byte) 0);
        }
    }

    /**
     * Returns normally only if this answers exactly {@code request} (same vault, epoch and nonce) and the
     * holder's signature verifies; a share returned for another request (a replay) is refused here.
     */
    public void verify(CollectRequest request, PublicKey holderKey) throws SignatureException {
        if (!vault.equals(request.vault())) {
            throw new SignatureException("returned share is for vault " + vault + ", not " + request.vault());
        }
        if (epoch != request.epoch()) {
            throw new SignatureException("returned share is from epoch " + epoch + ", not " + request.epoch());
        }
        if (!MessageDigest.isEqual(nonce, request.nonce())) {
            throw new SignatureException("returned share answers another request (stale nonce: replayed?)");
        }
        byte[] s = share.toBytes();
        byte[] statement = Statements.shareReturn(vault, epoch, nonce, s);
        try {
            RsaPss.verify(holderKey, statement, signature);
        } finally {
            Arrays.fill(s, (byte) 0);
            Arrays.fill(statement, (byte) 0);
        }
    }

    /** The encoding, share value included; wipe it after sending. */
    public byte[] encode() {
        WireWriter w = new WireWriter(640);
        vault.write(w);
        byte[] s = share.toBytes();
        w.u32(epoch).bytes(nonce).bytes(s).u16(signature.length).bytes(signature);
        Arrays.fill(s, (byte) 0);
        byte[] out = w.toByteArray();
        w.wipe();
        return out;
    }

    public static ShareReturn decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long epoch = SharingFields.readEpoch(r, "epoch");
        byte[] nonce = r.bytes(SharingFields.NONCE_BYTES, "nonce");
        Share share = SharingFields.readShare(r, "share");
        byte[] signature = SharingFields.readSignature(r, "signature");
        r.finish();
        return new ShareReturn(vault, epoch, nonce, share, signature);
    }

    @Override
    public String toString() {
        return "ShareReturn[vault=" + vault + ", epoch=" + epoch + ", x=" + share.x() + "]";
    }
}
