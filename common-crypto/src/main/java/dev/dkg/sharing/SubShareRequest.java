package dev.dkg.sharing;

import dev.dkg.crypto.KeyId;
import dev.dkg.vss.Commitments;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SUBSHARE_REQUEST, dealer to an old holder: {@code vault-id 16B | old-epoch u32 | new-epoch u32 | old
 * commitments bytes16 | sender count u8 | sender x u8… | new threshold u8 | recipient count u8 |
 * (x u8 | name string | certificate bytes16)…}. Senders and recipients are in increasing x, recipients
 * numbered 1..n' in order.
 */
public record SubShareRequest(VaultId vault, long oldEpoch, long newEpoch, Commitments oldCommitments,
                              List<Integer> senders, int newThreshold, List<NewHolder> recipients) {
    public SubShareRequest {
        senders = List.copyOf(senders);
        recipients = List.copyOf(recipients);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(4096);
        vault.write(w);
        w.u32(oldEpoch).u32(newEpoch);
        SharingFields.writeCommitments(w, oldCommitments);
        w.count8(senders.size());
        for (int x : senders) {
            w.u8(x);
        }
        w.u8(newThreshold).count8(recipients.size());
        for (NewHolder h : recipients) {
            w.u8(h.x()).string(h.name());
            SharingFields.writeCertificate(w, h.certificate());
        }
        return w.toByteArray();
    }

    public static SubShareRequest decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long oldEpoch = SharingFields.readEpoch(r, "old epoch");
        long newEpoch = SharingFields.readEpoch(r, "new epoch");
        Commitments old = SharingFields.readCommitments(r, "old commitments");
        List<Integer> senders = readIncreasingXs(r, "sender");
        int t2 = r.u8("new threshold");
        int count = r.count8(2, 255, "recipient");
        List<NewHolder> recipients = new ArrayList<>(count);
        Set<String> names = new HashSet<>();
        Set<KeyId> keys = new HashSet<>();
        for (int i = 1; i <= count; i++) {
            int x = r.u8("recipient x");
            if (x != i) {
                throw new WireFormatException("recipient " + i + " has x=" + x + "; recipients are numbered 1..n'");
            }
            NewHolder h = new NewHolder(x, SharingFields.readName(r, "recipient name"),
                    SharingFields.readCertificate(r, "recipient certificate"));
            // One party at two positions would receive two new shares: with t' = 2 that alone (and the relaying
            // dealer) could rebuild the secret. Refuse the same name and the same key, which a CA may certify twice.
            if (!names.add(h.name())) {
                throw new WireFormatException("recipient " + h.name() + " appears twice");
            }
            if (!keys.add(KeyId.of(h.certificate().getPublicKey()))) {
                throw new WireFormatException("recipient " + h.name() + " has the same key as another recipient");
            }
            recipients.add(h);
        }
        r.finish();
        checkPlan(old, senders, t2, count, newEpoch, oldEpoch);
        return new SubShareRequest(vault, oldEpoch, newEpoch, old, senders, t2, recipients);
    }

    static List<Integer> readIncreasingXs(WireReader r, String field) throws WireFormatException {
        int count = r.count8(2, 255, field);
        List<Integer> xs = new ArrayList<>(count);
        int last = 0;
        for (int i = 0; i < count; i++) {
            int x = r.u8(field + " x");
            if (x <= last) {
                throw new WireFormatException(field + " x values must be increasing and non-zero");
            }
            xs.add(x);
            last = x;
        }
        return xs;
    }

    static void checkPlan(Commitments old, List<Integer> senders, int t2, int n2, long newEpoch, long oldEpoch)
            throws WireFormatException {
        if (senders.size() < old.threshold()) {
            throw new WireFormatException(senders.size() + " senders, the old threshold is " + old.threshold());
        }
        if (t2 < 2 || t2 > n2) {
            throw new WireFormatException("new threshold " + t2 + " outside 2.." + n2);
        }
        if (newEpoch <= oldEpoch) {
            throw new WireFormatException("new epoch " + newEpoch + " is not after old epoch " + oldEpoch);
        }
    }
}
