package dev.dkg.signing;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * SHARE_REQUEST (S → signer), round two: {@code session-id 16B | count u8 | (identifier u16 | hiding element |
 * binding element) … | message bytes32}. The entries are RFC 9591's commitment list, sorted by identifier.
 */
public record ShareRequest(byte[] sessionId, List<Entry> commitments, byte[] message) {
    /** One signer's commitments in the list. */
    public record Entry(int identifier, byte[] hiding, byte[] binding) {
        public Entry {
            hiding = hiding.clone();
            binding = binding.clone();
        }

        @Override
        public byte[] hiding() {
            return hiding.clone();
        }

        @Override
        public byte[] binding() {
            return binding.clone();
        }
    }

    public ShareRequest {
        sessionId = SigningMessages.exact(sessionId, SigningMessages.SESSION_ID_BYTES, "session id");
        commitments = List.copyOf(commitments);
        Identifiers.checkAscending(commitments.stream().map(Entry::identifier).toList());
        int length = commitments.get(0).hiding().length;
        for (Entry e : commitments) {
            if (e.hiding().length != length || e.binding().length != length) {
                throw new IllegalArgumentException("every commitment must be an element of one group");
            }
        }
        if (message.length > SigningMessages.MAX_MESSAGE) {
            throw new IllegalArgumentException("message too long");
        }
        message = message.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    /** The identifiers of the list, ascending. */
    public List<Integer> identifiers() {
        return commitments.stream().map(Entry::identifier).toList();
    }

    public byte[] encode() {
        int elementBytes = commitments.get(0).hiding().length;
        WireWriter w = new WireWriter(24 + commitments.size() * (2 + 2 * elementBytes) + message.length)
                .bytes(sessionId).count8(commitments.size());
        for (Entry e : commitments) {
            w.u16(e.identifier()).bytes(e.hiding()).bytes(e.binding());
        }
        return w.varBytes(message).toByteArray();
    }

    public static ShareRequest decode(byte[] body, int elementBytes) throws WireFormatException {
        WireReader r = new WireReader(body);
        byte[] sessionId = r.bytes(SigningMessages.SESSION_ID_BYTES, "session id");
        int count = r.count8(1, SigningMessages.MAX_SIGNERS, "commitment");
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = r.u16("identifier");
            entries.add(new Entry(id, r.bytes(elementBytes, "hiding commitment"), r.bytes(elementBytes, "binding commitment")));
        }
        Identifiers.checkAscending(entries.stream().map(Entry::identifier).toList(), "identifier");
        byte[] message = r.varBytes(SigningMessages.MAX_MESSAGE, "message");
        r.finish();
        return new ShareRequest(sessionId, entries, message);
    }
}
