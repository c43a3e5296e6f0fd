package dev.dkg.channel;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.List;

/**
 * The HELLO_REPLY body: {@code chain | server nonce 32B | u16 length | signature}. The signature covers
 * the transcript up to and including the nonce ({@link #unsignedLength} bytes of the body).
 */
record HelloReply(List<byte[]> chain, byte[] nonce, byte[] signature, int unsignedLength) {
    static final int MAX_SIGNATURE_BYTES = 512;

    HelloReply {
        chain = List.copyOf(chain);
    }

    /** The part the server signs: chain and nonce. */
    static byte[] encodeUnsigned(List<byte[]> chain, byte[] nonce) {
        WireWriter w = new WireWriter(2048);
        Hello.writeChain(w, chain);
        return w.bytes(nonce).toByteArray();
    }

    static byte[] encode(byte[] unsigned, byte[] signature) {
        return new WireWriter(unsigned.length + 2 + signature.length)
                .bytes(unsigned).u16(signature.length).bytes(signature).toByteArray();
    }

    static HelloReply decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        List<byte[]> chain = Hello.readChain(r);
        byte[] nonce = r.bytes(Hello.NONCE_BYTES, "server nonce");
        int unsignedLength = r.position();
        byte[] signature = readSignature(r, "server signature");
        r.finish();
        return new HelloReply(chain, nonce, signature, unsignedLength);
    }

    static byte[] readSignature(WireReader r, String field) throws WireFormatException {
        byte[] sig = r.shortBytes(MAX_SIGNATURE_BYTES, field);
        if (sig.length == 0) {
            throw new WireFormatException(field + " is empty");
        }
        return sig;
    }
}
