package dev.dkg.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.crypto.RsaPss;
import dev.dkg.testing.FixedRandom;
import dev.dkg.testing.ProtocolVectors;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.FrameWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handshake transcript vector of docs/protocol.md: encodings, hashes, signatures, session id. */
class HandshakeVectorsTest {
    private final ProtocolVectors.Vector v = ProtocolVectors.load().one("handshake");
    private final KeyPair client = ProtocolVectors.load().key(v.text("client"));
    private final KeyPair server = ProtocolVectors.load().key(v.text("server"));

    @Test
    void helloEncodesAndDecodesAsDocumented() throws Exception {
        byte[] hello = new Hello((int) v.number("version"), v.text("role-text"), List.of(v.hex("client-certificate-0")),
                v.hex("client-nonce")).encode();
        assertThat(hello).isEqualTo(v.hex("hello"));
        assertThat(FrameWriter.encode(FrameType.HELLO, hello)).isEqualTo(v.hex("hello-frame"));
        Hello decoded = Hello.decode(hello);
        assertThat(decoded.role()).isEqualTo(v.text("role-text"));
        assertThat(decoded.nonce()).isEqualTo(v.hex("client-nonce"));
    }

    @Test
    void serverSignatureAndReplyAreAsDocumented() throws GeneralSecurityException, Exception {
        byte[] unsigned = HelloReply.encodeUnsigned(List.of(v.hex("server-certificate-0")), v.hex("server-nonce"));
        assertThat(unsigned).isEqualTo(v.hex("hello-reply-unsigned"));
        byte[] hash = Transcript.serverSigned(v.hex("hello"), unsigned);
        assertThat(hash).isEqualTo(v.hex("server-transcript-hash"));
        byte[] signature = RsaPss.sign(server.getPrivate(), hash, new FixedRandom(v.hex("random-server-pss-salt")));
        assertThat(signature).isEqualTo(v.hex("server-signature"));
        RsaPss.verify(server.getPublic(), hash, signature);
        assertThat(HelloReply.encode(unsigned, signature)).isEqualTo(v.hex("hello-reply"));
        HelloReply decoded = HelloReply.decode(v.hex("hello-reply"));
        assertThat(decoded.unsignedLength()).isEqualTo(unsigned.length);
        assertThat(decoded.signature()).isEqualTo(signature);
    }

    @Test
    void clientSignatureAndSessionIdAreAsDocumented() throws Exception {
        byte[] hash = Transcript.clientSigned(v.hex("hello"), v.hex("hello-reply"));
        assertThat(hash).isEqualTo(v.hex("client-transcript-hash"));
        byte[] signature = RsaPss.sign(client.getPrivate(), hash, new FixedRandom(v.hex("random-client-pss-salt")));
        assertThat(signature).isEqualTo(v.hex("client-signature"));
        assertThat(new Auth(signature).encode()).isEqualTo(v.hex("auth"));
        assertThat(Auth.decode(v.hex("auth")).signature()).isEqualTo(signature);
        assertThat(Transcript.sessionId(v.hex("hello"), v.hex("hello-reply"), v.hex("auth"))).isEqualTo(v.hex("session-id"));
    }
}
