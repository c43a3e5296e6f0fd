package dev.dkg.sharing;

import dev.dkg.crypto.RsaPss;
import dev.dkg.vss.Commitments;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;

/**
 * RECEIPT, holder to dealer: {@code vault-id 16B | epoch u32 | x u8 | commitments-hash 32B | signature
 * bytes16}, the signature by the holder over {@link Statements#receipt}. It says: "I verified and stored my
 * share x of this vault at this epoch, under exactly these commitments".
 */
public record Receipt(VaultId vault, long epoch, int x, byte[] commitmentsHash, byte[] signature) {
    public static Receipt sign(VaultId vault, long epoch, int x, Commitments commitments, PrivateKey key)
            throws GeneralSecurityException {
        byte[] hash = Statements.hash(commitments.toBytes());
        return new Receipt(vault, epoch, x, hash, RsaPss.sign(key, Statements.receipt(vault, epoch, x, hash)));
    }

    /**
     * Returns normally only if this receipt is for {@code vault}, {@code epoch}, {@code x} and
     * {@code commitments}, signed by {@code holderKey}; the message says which check failed.
     */
    public void verify(VaultId vault, long epoch, int x, Commitments commitments, PublicKey holderKey)
            throws SignatureException {
        if (!this.vault.equals(vault) || this.epoch != epoch || this.x != x) {
            throw new SignatureException("receipt is for vault " + this.vault + " epoch " + this.epoch + " x=" + this.x
                    + ", expected vault " + vault + " epoch " + epoch + " x=" + x);
        }
        if (!MessageDigest.isEqual(commitmentsHash, Statements.hash(commitments.toBytes()))) {
            throw new SignatureException("receipt names other commitments than those dealt");
        }
        RsaPss.verify(holderKey, Statements.receipt(vault, epoch, x, commitmentsHash), signature);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(600);
        vault.write(w);
        return w.u32(epoch).u8(x).bytes(commitmentsHash).u16(signature.length).bytes(signature).toByteArray();
    }

    public static Receipt decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long epoch = SharingFields.readEpoch(r, "epoch");
        int x = SharingFields.readX(r, "x");
        byte[] hash = r.bytes(32, "commitments hash");
        byte[] signature = SharingFields.readSignature(r, "signature");
        r.finish();
        return new Receipt(vault, epoch, x, hash, signature);
    }
}
