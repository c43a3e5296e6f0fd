package dev.dkg.channel;

import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.RsaPss;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.WireFormatException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the three-message handshake (HELLO, HELLO_REPLY, AUTH) on one side of a connection and yields the
 * authenticated peer and session id. Every failure is a {@link ChannelException} whose code the caller
 * sends to the peer; the message is the precise local reason.
 */
final class Handshake {
    private Handshake() {}

    /** What a completed handshake establishes. */
    record Result(PeerIdentity peer, byte[] sessionId) {}

    static Result asClient(FramedSocket link, Identity me, TrustAnchor anchor, Set<Role> acceptedServerRoles,
                           String expectedServerName, SecureRandom random) throws IOException {
        byte[] clientNonce = new byte[Hello.NONCE_BYTES];
        random.nextBytes(clientNonce);
        byte[] hello = new Hello(Hello.PROTOCOL_VERSION, me.role().label(), encoded(me.chain()), clientNonce).encode();
        link.write(FrameType.HELLO, hello);

        byte[] replyBody = expect(link, FrameType.HELLO_REPLY).body();
        HelloReply reply;
        try {
            reply = HelloReply.decode(replyBody);
        } catch (WireFormatException e) {
            throw new ChannelException(ErrorCode.PROTOCOL, "malformed HELLO_REPLY: " + e.getMessage(), e);
        }
        PeerIdentity server = validate(anchor, reply.chain(), acceptedServerRoles, "server");
        if (expectedServerName != null && !expectedServerName.equals(server.name())) {
            throw new ChannelException(ErrorCode.NOT_AUTHORISED, "server is '" + server.name() + "', expected '"
                    + expectedServerName + "'");
        }
        try {
            RsaPss.verify(server.publicKey(),
                    Transcript.serverSigned(hello, Arrays.copyOf(replyBody, reply.unsignedLength())),
                    reply.signature());
        } catch (SignatureException e) {
            throw new ChannelException(ErrorCode.AUTHENTICATION, "server '" + server.name()
                    + "' handshake signature: " + e.getMessage(), e);
        }
        byte[] auth = new Auth(sign(me, Transcript.clientSigned(hello, replyBody), random)).encode();
        link.write(FrameType.AUTH, auth);
        return new Result(server, Transcript.sessionId(hello, replyBody, auth));
    }

    static Result asServer(FramedSocket link, Identity me, TrustAnchor anchor, Set<Role> acceptedClientRoles,
                           SecureRandom random) throws IOException {
        byte[] helloBody = expect(link, FrameType.HELLO).body();
        Hello hello;
        try {
            hello = Hello.decode(helloBody);
        } catch (WireFormatException e) {
            throw new ChannelException(ErrorCode.PROTOCOL, "malformed HELLO: " + e.getMessage(), e);
        }
        Role claimed;
        try {
            claimed = Role.fromLabel(hello.role());
        } catch (IllegalArgumentException e) {
            throw new ChannelException(ErrorCode.PROTOCOL, "HELLO claims an unknown role");
        }
        PeerIdentity client = validate(anchor, hello.chain(), EnumSet.allOf(Role.class), "client");
        if (client.role() != claimed) {
            throw new ChannelException(ErrorCode.AUTHENTICATION, "client '" + client.name() + "' claims role "
                    + claimed + " but its certificate says " + client.role());
        }
        checkRole(client, acceptedClientRoles, "client");

        byte[] serverNonce = new byte[Hello.NONCE_BYTES];
        random.nextBytes(serverNonce);
        byte[] unsigned = HelloReply.encodeUnsigned(encoded(me.chain()), serverNonce);
        byte[] replyBody = HelloReply.encode(unsigned, sign(me, Transcript.serverSigned(helloBody, unsigned), random));
        link.write(FrameType.HELLO_REPLY, replyBody);

        byte[] authBody = expect(link, FrameType.AUTH).body();
        Auth auth;
        try {
            auth = Auth.decode(authBody);
        } catch (WireFormatException e) {
            throw new ChannelException(ErrorCode.PROTOCOL, "malformed AUTH: " + e.getMessage(), e);
        }
        try {
            RsaPss.verify(client.publicKey(), Transcript.clientSigned(helloBody, replyBody), auth.signature());
        } catch (SignatureException e) {
            throw new ChannelException(ErrorCode.AUTHENTICATION, "client '" + client.name()
                    + "' handshake signature: " + e.getMessage(), e);
        }
        return new Result(client, Transcript.sessionId(helloBody, replyBody, authBody));
    }

    private static Frame expect(FramedSocket link, FrameType type) throws IOException {
        Frame f;
        try {
            f = link.read();
        } catch (EOFException e) {
            throw new ChannelException(ErrorCode.PROTOCOL, "peer closed the connection before " + type, e);
        } catch (WireFormatException e) {
            throw new ChannelException(ErrorCode.PROTOCOL, "malformed frame where " + type + " was expected: "
                    + e.getMessage(), e);
        }
        if (f.type() != type) {
            throw new ChannelException(ErrorCode.PROTOCOL, f.type() + " frame where " + type + " was expected");
        }
        return f;
    }

    private static PeerIdentity validate(TrustAnchor anchor, List<byte[]> chainDer, Set<Role> accepted, String who)
            throws ChannelException {
        List<X509Certificate> chain = parse(chainDer, who);
        PeerIdentity peer;
        try {
            // Validate against every role first so a wrong role is told apart (NOT_AUTHORISED) from a bad
            // certificate (AUTHENTICATION); the role check follows.
            peer = anchor.validate(chain, Instant.now(), EnumSet.allOf(Role.class));
        } catch (CertificateException e) {
            throw new ChannelException(ErrorCode.AUTHENTICATION, who + " certificate rejected: " + e.getMessage(), e);
        }
        checkRole(peer, accepted, who);
        return peer;
    }

    private static void checkRole(PeerIdentity peer, Set<Role> accepted, String who) throws ChannelException {
        if (!accepted.contains(peer.role())) {
            throw new ChannelException(ErrorCode.NOT_AUTHORISED, who + " '" + peer.name() + "' has role "
                    + peer.role() + ", accepted here: "
                    + accepted.stream().map(Role::label).sorted().collect(Collectors.joining(", ")));
        }
    }

    private static List<X509Certificate> parse(List<byte[]> chainDer, String who) throws ChannelException {
        List<X509Certificate> chain = new ArrayList<>(chainDer.size());
        try {
            CertificateFactory factory = CertificateFactory.getInstance(Algorithms.X509);
            for (int i = 0; i < chainDer.size(); i++) {
                byte[] der = chainDer.get(i);
                X509Certificate c = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
                // The JDK parser also accepts PEM and ignores trailing bytes; only exact DER is canonical.
                if (!Arrays.equals(c.getEncoded(), der)) {
                    throw new ChannelException(ErrorCode.PROTOCOL, who + " certificate " + i + " is not canonical DER");
                }
                chain.add(c);
            }
        } catch (CertificateException | RuntimeException e) {
            throw new ChannelException(ErrorCode.PROTOCOL, who + " certificate does not parse: " + e.getMessage(), e);
        }
        return chain;
    }

    private static List<byte[]> encoded(List<X509Certificate> chain) throws ChannelException {
        List<byte[]> out = new ArrayList<>(chain.size());
        try {
            for (X509Certificate c : chain) {
                out.add(c.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new ChannelException(ErrorCode.PROTOCOL, "own certificate does not encode", e);
        }
        return out;
    }

    private static byte[] sign(Identity me, byte[] transcriptHash, SecureRandom random) throws ChannelException {
        try {
            return RsaPss.sign(me.privateKey(), transcriptHash, random);
        } catch (GeneralSecurityException e) {
            throw new ChannelException(ErrorCode.PROTOCOL, "cannot sign with own key: " + e.getMessage(), e);
        }
    }
}
