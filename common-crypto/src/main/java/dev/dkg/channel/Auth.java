package dev.dkg.channel;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;

/** The AUTH body: {@code u16 length | client signature}. */
record Auth(byte[] signature) {
    byte[] encode() {
        return new WireWriter(2 + signature.length).u16(signature.length).bytes(signature).toByteArray();
    }

    static Auth decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] sig = HelloReply.readSignature(r, "client signature");
        r.finish();
        return new Auth(sig);
    }
}
