package dev.dkg.sharing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;

/**
 * REFUSAL, holder to dealer: {@code vault-id 16B | epoch u32 | reason u8 | blamed-x u8}. The holder did not
 * do what was asked; {@code blamed-x} names the old holder whose sub-share failed (reason
 * {@link Reason#BAD_SUBSHARE}), else 0.
 */
public record Refusal(VaultId vault, long epoch, Reason reason, int blamedX) {
    /** Why; the code is the wire value. */
    public enum Reason {
        DECLINED_BY_USER(1, "its user declined"),
        NO_SUCH_SHARE(2, "it holds no share of this vault at this epoch"),
        STORED_SHARE_DAMAGED(3, "its stored share is damaged and does not open"),
        VERIFICATION_FAILED(4, "what it was sent did not verify"),
        BAD_SUBSHARE(5, "a sub-share it was sent did not verify"),
        INTERNAL_ERROR(6, "it failed to carry out the request"),
        ALREADY_HELD(7, "it already holds a share of this vault");

        private final int code;
        private final String description;

        Reason(int code, String description) {
            this.code = code;
            this.description = description;
        }

        public int code() {
            return code;
        }

        public String description() {
            return description;
        }

        static Reason of(int code) throws WireFormatException {
            for (Reason r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            throw new WireFormatException("unknown refusal reason " + code);
        }
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(32);
        vault.write(w);
        return w.u32(epoch).u8(reason.code).u8(blamedX).toByteArray();
    }

    public static Refusal decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        VaultId vault = VaultId.read(r);
        long epoch = SharingFields.readEpoch(r, "epoch");
        Reason reason = Reason.of(r.u8("reason"));
        int blamed = r.u8("blamed x");
        r.finish();
        if ((reason == Reason.BAD_SUBSHARE) != (blamed != 0)) {
            throw new WireFormatException("blamed x must be set exactly for a bad sub-share");
        }
        return new Refusal(vault, epoch, reason, blamed);
    }
}
