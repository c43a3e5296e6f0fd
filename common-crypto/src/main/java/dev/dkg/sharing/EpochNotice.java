package dev.dkg.sharing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;

/**
 * EPOCH_COMMIT, EPOCH_ABORT and SHARE_DELETE, dealer to holder: {@code vault-id 16B | epoch u32}. The kind
 * says what the holder does with its shares of the vault: wipe those older than the epoch (commit), wipe
 * the pending one of that epoch (abort), or wipe them all (delete).
 */
public record EpochNotice(VaultId vault, long epoch) {
    public byte[] encode() {
        WireWriter w = new WireWriter(24);
        vault.write(w);
        return w.u32(epoch).toByteArray();
    }

    public static EpochNotice decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long epoch = SharingFields.readEpoch(r, "epoch");
        r.finish();
        return new EpochNotice(vault, epoch);
    }
}
