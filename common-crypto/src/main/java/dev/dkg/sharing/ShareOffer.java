package dev.dkg.sharing;

import dev.dkg.vss.Commitments;
import dev.dkg.vss.Share;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SHARE_OFFER, dealer to holder: {@code vault-id 16B | epoch u32 | x u8 | holder count u8 | holder names
 * (string)… | commitments bytes16 | share 33B}. The holder at position x (1-based) of the list is the one
 * the share is for; a decoder checks the structure, the receiving holder checks that position x names it.
 */
public record ShareOffer(VaultId vault, long epoch, int x, List<String> holders, Commitments commitments,
                         Share share) {
    public ShareOffer {
        holders = List.copyOf(holders);
    }

    /** The encoding, share value included: send it only inside a sealed envelope, then wipe it. */
    public byte[] encode() {
        WireWriter w = new WireWriter(256 + holders.size() * 16);
        vault.write(w);
        w.u32(epoch).u8(x).count8(holders.size());
        for (String h : holders) {
            w.string(h);
        }
        SharingFields.writeCommitments(w, commitments);
        byte[] s = share.toBytes();
        w.bytes(s);
        java.util.Arrays.fill(s, (byte) 0);
        byte[] out = w.toByteArray();
        w.wipe();
        return out;
    }

    public static ShareOffer decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long epoch = SharingFields.readEpoch(r, "epoch");
        int x = SharingFields.readX(r, "x");
        int count = r.count8(2, 255, "holder");
        List<String> holders = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String h = SharingFields.readName(r, "holder name " + (i + 1));
            if (!seen.add(h)) {
                throw new WireFormatException("holder name " + h + " appears twice");
            }
            holders.add(h);
        }
        Commitments commitments = SharingFields.readCommitments(r, "commitments");
        Share share = SharingFields.readShare(r, "share");
        r.finish();
        if (x > count) {
            throw new WireFormatException("x=" + x + " is beyond the " + count + " holders");
        }
        if (share.x() != x) {
            throw new WireFormatException("share is for x=" + share.x() + ", the offer says x=" + x);
        }
        if (commitments.threshold() > count) {
            throw new WireFormatException("threshold " + commitments.threshold() + " exceeds the " + count + " holders");
        }
        return new ShareOffer(vault, epoch, x, holders, commitments, share);
    }

    @Override
    public String toString() {
        return "ShareOffer[vault=" + vault + ", epoch=" + epoch + ", x=" + x + ", holders=" + holders + "]";
    }
}
