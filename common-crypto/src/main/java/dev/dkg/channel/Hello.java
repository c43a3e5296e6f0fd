package dev.dkg.channel;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The HELLO body: {@code version u8 | role string | chain | client nonce 32B}, where chain is
 * {@code u8 count (1..4) | (u32 length (1..16384) | DER)…}. Decoding is canonical and bounded.
 */
record Hello(int version, String role, List<byte[]> chain, byte[] nonce) {
    static final int PROTOCOL_VERSION = 1;
    static final int NONCE_BYTES = 32;
    static final int MAX_ROLE_BYTES = 64;
    static final int MAX_CHAIN = 4;
    static final int MAX_CERT_BYTES = 16384;

    Hello {
        chain = List.copyOf(chain);
    }

    byte[] encode() {
        WireWriter w = new WireWriter(2048).u8(version).string(role);
        writeChain(w, chain);
        return w.bytes(nonce).toByteArray();
    }

    static Hello decode(byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        int version = r.u8("protocol version");
        if (version != PROTOCOL_VERSION) {
            throw new WireFormatException("protocol version " + version + " is not supported (only "
                    + PROTOCOL_VERSION + ")");
        }
        String role = r.string(MAX_ROLE_BYTES, "role");
        List<byte[]> chain = readChain(r);
        byte[] nonce = r.bytes(NONCE_BYTES, "client nonce");
        r.finish();
        return new Hello(version, role, chain, nonce);
    }

    static void writeChain(WireWriter w, List<byte[]> chain) {
        if (chain.isEmpty() || chain.size() > MAX_CHAIN) {
            throw new IllegalArgumentException("certificate chain must have 1.." + MAX_CHAIN + " entries");
        }
        w.count8(chain.size());
        for (byte[] der : chain) {
            if (der.length == 0 || der.length > MAX_CERT_BYTES) {
                throw new IllegalArgumentException("certificate must be 1.." + MAX_CERT_BYTES + " bytes");
            }
            w.varBytes(der);
        }
    }

    static List<byte[]> readChain(WireReader r) throws WireFormatException {
        int count = r.count8(1, MAX_CHAIN, "certificate");
        List<byte[]> chain = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] der = r.varBytes(MAX_CERT_BYTES, "certificate " + i);
            if (der.length == 0) {
                throw new WireFormatException("certificate " + i + " is empty");
            }
            chain.add(der);
        }
        return chain;
    }
}
