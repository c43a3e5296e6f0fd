package dev.dkg.holder;

import dev.dkg.crypto.KeyId;
import dev.dkg.sharing.VaultId;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;

/**
 * Which dealer key a vault belongs to at this holder, and the last epoch that dealer committed
 * (docs/storage.md, "Vault binding files"): {@code vault-id 16B | dealer key id 32B | committed u8 (0 or 1)
 * | committed-epoch u32}. Written when the first share of the vault is stored; from then on only that key
 * may deliver, ask for, commit or delete anything of the vault, whichever share files exist or open.
 */
record VaultBinding(VaultId vault, KeyId dealer, boolean committed, long committedEpoch) {
    static VaultBinding firstDealtBy(VaultId vault, KeyId dealer) {
        return new VaultBinding(vault, dealer, false, 0);
    }

    /** Whether {@code epoch} is still waiting for the dealer's commit. */
    boolean isPending(long epoch) {
        return !committed || epoch > committedEpoch;
    }

    VaultBinding withCommitted(long epoch) {
        return new VaultBinding(vault, dealer, true, committed ? Math.max(epoch, committedEpoch) : epoch);
    }

    byte[] encode() {
        WireWriter w = new WireWriter(64);
        w.bytes(vault.bytes()).bytes(dealer.bytes()).u8(committed ? 1 : 0).u32(committedEpoch);
        return w.toByteArray();
    }

    static VaultBinding decode(byte[] bytes) throws WireFormatException {
        WireReader r = new WireReader(bytes);
        VaultId vault = VaultId.fromBytes(r.bytes(VaultId.LENGTH, "vault id"));
        KeyId dealer = KeyId.fromBytes(r.bytes(KeyId.LENGTH, "dealer key id"));
        int committed = r.u8("committed");
        long epoch = r.u32("committed epoch");
        r.finish();
        if (committed > 1 || (committed == 0 && epoch != 0)) {
            throw new WireFormatException("committed flag " + committed + " with epoch " + epoch);
        }
        return new VaultBinding(vault, dealer, committed == 1, epoch);
    }
}
