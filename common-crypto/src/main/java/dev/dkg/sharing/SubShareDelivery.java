package dev.dkg.sharing;

import dev.dkg.vss.Commitments;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SUBSHARE_DELIVERY, dealer to a new holder: {@code vault-id 16B | old-epoch u32 | new-epoch u32 | old
 * commitments bytes16 | new threshold u8 | new holder count u8 | new holder names (string)… | x u8 | sender
 * count u8 | (sender x u8 | sender name string | sender certificate bytes16 | sender commitments bytes16 |
 * sealed sub-share bytes32)…}, senders in increasing x. The holder at position x of the new list is the
 * recipient.
 */
public record SubShareDelivery(VaultId vault, long oldEpoch, long newEpoch, Commitments oldCommitments,
                               int newThreshold, List<String> newHolders, int x, List<Part> parts) {
    /** What one old holder sent this new holder. */
    public record Part(int senderX, String senderName, X509Certificate senderCertificate,
                       Commitments senderCommitments, byte[] sealed) {}

    public SubShareDelivery {
        newHolders = List.copyOf(newHolders);
        parts = List.copyOf(parts);
    }

    public List<Integer> senders() {
        return parts.stream().map(Part::senderX).toList();
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(8192);
        vault.write(w);
        w.u32(oldEpoch).u32(newEpoch);
        SharingFields.writeCommitments(w, oldCommitments);
        w.u8(newThreshold).count8(newHolders.size());
        for (String h : newHolders) {
            w.string(h);
        }
        w.u8(x).count8(parts.size());
        for (Part p : parts) {
            w.u8(p.senderX()).string(p.senderName());
            SharingFields.writeCertificate(w, p.senderCertificate());
            SharingFields.writeCommitments(w, p.senderCommitments());
            w.varBytes(p.sealed());
        }
        return w.toByteArray();
    }

    public static SubShareDelivery decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long oldEpoch = SharingFields.readEpoch(r, "old epoch");
        long newEpoch = SharingFields.readEpoch(r, "new epoch");
        Commitments old = SharingFields.readCommitments(r, "old commitments");
        int t2 = r.u8("new threshold");
        int count = r.count8(2, 255, "new holder");
        List<String> holders = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String h = SharingFields.readName(r, "new holder name");
            if (!seen.add(h)) {
                throw new WireFormatException("new holder " + h + " appears twice");
            }
            holders.add(h);
        }
        int x = SharingFields.readX(r, "x");
        if (x > count) {
            throw new WireFormatException("x=" + x + " is beyond the " + count + " new holders");
        }
        int senders = r.count8(2, 255, "sender");
        List<Part> parts = new ArrayList<>(senders);
        List<Integer> xs = new ArrayList<>(senders);
        int last = 0;
        for (int i = 0; i < senders; i++) {
            int sx = r.u8("sender x");
            if (sx <= last) {
                throw new WireFormatException("sender x values must be increasing and non-zero");
            }
            last = sx;
            xs.add(sx);
            parts.add(new Part(sx, SharingFields.readName(r, "sender name"),
                    SharingFields.readCertificate(r, "sender certificate"),
                    SharingFields.readCommitments(r, "sender commitments"),
                    r.varBytes(SubShareBundle.MAX_SEALED_BYTES, "sealed sub-share")));
        }
        r.finish();
        SubShareRequest.checkPlan(old, xs, t2, count, newEpoch, oldEpoch);
        return new SubShareDelivery(vault, oldEpoch, newEpoch, old, t2, holders, x, parts);
    }
}
