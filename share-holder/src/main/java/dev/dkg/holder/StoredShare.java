package dev.dkg.holder;

import dev.dkg.crypto.KeyId;
import dev.dkg.sharing.VaultId;
import dev.dkg.vss.Commitments;
import dev.dkg.vss.Share;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a holder keeps for one vault at one epoch (docs/storage.md, "Share files"): {@code vault-id 16B |
 * epoch u32 | x u8 | dealer key id 32B | holder count u8 | holder names (string)… | commitments bytes16 |
 * share 33B}. Only ever written inside an envelope sealed to the holder itself.
 */
record StoredShare(VaultId vault, long epoch, int x, KeyId dealer, List<String> holders, Commitments commitments,
                   Share share) {
    StoredShare {
        holders = List.copyOf(holders);
    }

    int threshold() {
        return commitments.threshold();
    }

    /** The encoding, share value included; the caller seals it and wipes this array. */
    byte[] encode() {
        WireWriter w = new WireWriter(512);
        w.bytes(vault.bytes()).u32(epoch).u8(x).bytes(dealer.bytes()).count8(holders.size());
        for (String h : holders) {
            w.string(h);
        }
        byte[] c = commitments.toBytes();
        w.u16(c.length).bytes(c);
        byte[] s = share.toBytes();
        w.bytes(s);
        Arrays.fill(s, (byte) 0);
        byte[] out = w.toByteArray();
        w.wipe();
        return out;
    }

    static StoredShare decode(byte[] bytes) throws WireFormatException {
        WireReader r = new WireReader(bytes);
        VaultId vault = VaultId.fromBytes(r.bytes(VaultId.LENGTH, "vault id"));
        long epoch = r.u32("epoch");
        int x = r.u8("x");
        KeyId dealer = KeyId.fromBytes(r.bytes(KeyId.LENGTH, "dealer key id"));
        int count = r.count8(2, 255, "holder");
        List<String> holders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            holders.add(r.string(64, "holder name"));
        }
        byte[] c = r.shortBytes(1 + 255 * 33, "commitments");
        byte[] s = r.bytes(Share.ENCODED_BYTES, "share");
        r.finish();
        try {
            Share share = Share.fromBytes(s);
            if (share.x() != x || x > count) {
                throw new WireFormatException("stored share x=" + share.x() + " does not match its record x=" + x);
            }
            return new StoredShare(vault, epoch, x, dealer, holders, Commitments.fromBytes(c), share);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("stored share: " + e.getMessage());
        } finally {
            Arrays.fill(s, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "StoredShare[vault=" + vault + ", epoch=" + epoch + ", x=" + x + "]";
    }
}
