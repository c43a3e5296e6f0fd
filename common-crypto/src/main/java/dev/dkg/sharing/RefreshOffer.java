package dev.dkg.sharing;

import dev.dkg.vss.Commitments;
import dev.dkg.vss.RefreshCommitments;
import dev.dkg.vss.RefreshDelta;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.Arrays;

/**
 * REFRESH_OFFER, dealer to holder: {@code vault-id 16B | old-epoch u32 | new-epoch u32 | x u8 | current
 * commitments bytes16 | refresh commitments bytes16 | delta 33B}. The holder adds the delta to its share of
 * the old epoch after checking both against the commitments; new-epoch must exceed old-epoch.
 */
public record RefreshOffer(VaultId vault, long oldEpoch, long newEpoch, int x, Commitments current,
                           RefreshCommitments deltaCommitments, RefreshDelta delta) {
    /** The encoding, delta included (as sensitive as a share): seal it, then wipe. */
    public byte[] encode() {
        WireWriter w = new WireWriter(512);
        vault.write(w);
        w.u32(oldEpoch).u32(newEpoch).u8(x);
        SharingFields.writeCommitments(w, current);
        byte[] dc = deltaCommitments.toBytes();
        w.u16(dc.length).bytes(dc);
        byte[] d = delta.toBytes();
        w.bytes(d);
        Arrays.fill(d, (byte) 0);
        byte[] out = w.toByteArray();
        w.wipe();
        return out;
    }

    public static RefreshOffer decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long oldEpoch = SharingFields.readEpoch(r, "old epoch");
        long newEpoch = SharingFields.readEpoch(r, "new epoch");
        int x = SharingFields.readX(r, "x");
        Commitments current = SharingFields.readCommitments(r, "current commitments");
        byte[] dcBytes = r.shortBytes(SharingFields.MAX_COMMITMENTS_BYTES, "refresh commitments");
        byte[] d = r.bytes(33, "delta");
        r.finish();
        RefreshCommitments dc;
        RefreshDelta delta;
        try {
            dc = RefreshCommitments.fromBytes(dcBytes);
            delta = RefreshDelta.fromBytes(d);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("refresh offer: " + e.getMessage());
        } finally {
            Arrays.fill(d, (byte) 0);
        }
        if (newEpoch <= oldEpoch) {
            throw new WireFormatException("new epoch " + newEpoch + " is not after old epoch " + oldEpoch);
        }
        if (delta.x() != x) {
            throw new WireFormatException("delta is for x=" + delta.x() + ", the offer says x=" + x);
        }
        return new RefreshOffer(vault, oldEpoch, newEpoch, x, current, dc, delta);
    }

    @Override
    public String toString() {
        return "RefreshOffer[vault=" + vault + ", " + oldEpoch + "->" + newEpoch + ", x=" + x + "]";
    }
}
