package dev.dkg.sharing;

import dev.dkg.vss.Commitments;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSHARE_BUNDLE, old holder to dealer: {@code vault-id 16B | new-epoch u32 | sender x u8 | sender
 * commitments bytes16 | count u8 | (recipient x u8 | sealed sub-share bytes32)…}, recipients in increasing
 * x. Each sealed sub-share is a {@link SealedSubShare} the dealer relays unopened.
 */
public record SubShareBundle(VaultId vault, long newEpoch, int senderX, Commitments senderCommitments,
                             List<Sealed> sealed) {
    /** One sealed sub-share and the new holder it is for. */
    public record Sealed(int recipientX, byte[] envelope) {}

    static final int MAX_SEALED_BYTES = 8192;

    public SubShareBundle {
        sealed = List.copyOf(sealed);
    }

    public byte[] sealedFor(int recipientX) {
        for (Sealed s : sealed) {
            if (s.recipientX() == recipientX) {
                return s.envelope();
            }
        }
        throw new IllegalArgumentException("no sealed sub-share for x=" + recipientX);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(4096);
        vault.write(w);
        w.u32(newEpoch).u8(senderX);
        SharingFields.writeCommitments(w, senderCommitments);
        w.count8(sealed.size());
        for (Sealed s : sealed) {
            w.u8(s.recipientX()).varBytes(s.envelope());
        }
        return w.toByteArray();
    }

    public static SubShareBundle decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long newEpoch = SharingFields.readEpoch(r, "new epoch");
        int senderX = SharingFields.readX(r, "sender x");
        Commitments commitments = SharingFields.readCommitments(r, "sender commitments");
        int count = r.count8(2, 255, "sealed sub-share");
        List<Sealed> sealed = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            int x = r.u8("recipient x");
            if (x != i) {
                throw new WireFormatException("sealed sub-share " + i + " is for x=" + x + "; expected x=" + i);
            }
            sealed.add(new Sealed(x, r.varBytes(MAX_SEALED_BYTES, "sealed sub-share")));
        }
        r.finish();
        return new SubShareBundle(vault, newEpoch, senderX, commitments, sealed);
    }
}
