package dev.dkg.sharing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;

/**
 * NOTICE_DONE, holder to dealer: {@code notice-kind u16 | vault-id 16B | epoch u32}. The holder has carried
 * out the EPOCH_COMMIT or SHARE_DELETE of that vault and epoch (its older shares, or all of them, are wiped);
 * until the dealer has one from every holder concerned, it keeps the notice pending and sends it again.
 */
public record NoticeDone(int noticeKind, VaultId vault, long epoch) {
    public NoticeDone {
        if (noticeKind != SharingKinds.EPOCH_COMMIT && noticeKind != SharingKinds.SHARE_DELETE) {
            throw new IllegalArgumentException(String.format("kind 0x%04x is not a notice that is answered", noticeKind));
        }
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(32);
        w.u16(noticeKind);
        vault.write(w);
        return w.u32(epoch).toByteArray();
    }

    public static NoticeDone decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        int kind = r.u16("notice kind");
        if (kind != SharingKinds.EPOCH_COMMIT && kind != SharingKinds.SHARE_DELETE) {
            throw new WireFormatException(String.format("notice kind 0x%04x is not EPOCH_COMMIT or SHARE_DELETE", kind));
        }
        VaultId vault = VaultId.read(r);
        long epoch = SharingFields.readEpoch(r, "epoch");
        r.finish();
        return new NoticeDone(kind, vault, epoch);
    }
}
