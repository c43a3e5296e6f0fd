package dev.dkg.channel;

import static dev.dkg.channel.ChannelFixture.CLIENTS;
import static dev.dkg.channel.ChannelFixture.SERVERS;
import static dev.dkg.channel.ChannelFixture.TIMEOUT;
import static dev.dkg.channel.ChannelFixture.awaitTrue;
import static dev.dkg.channel.ChannelFixture.fastLimits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.pki.Identity;
import dev.dkg.pki.RevocationList;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.testing.TestPki;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.time.Duration;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation over real sockets: a CRL that lists a certificate makes both sides refuse it at the handshake,
 * a server closes the open session of a peer revoked after its handshake, and a replaced CRL that does not
 * verify leaves the list in force.
 */
class RevocationTest {
    @TempDir
    Path dir;

    private ChannelServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPeerRevokedWhileConnectedIsCutAndThenRefusedWhileOthersGoOn() throws Exception {
        Identity mallory = TestPki.identity("mallory", Role.KEYGEN_CLIENT);
        Identity alice = TestPki.identity("alice", Role.KEYGEN_CLIENT);
        Path crl = dir.resolve("ca.crl");
        write(crl, TestPki.ca().revoke(null, TestPki.identity("someone-else", Role.KEYGEN_CLIENT).certificate()
                .getSerialNumber(), CRLReason.superseded, Duration.ofDays(1)));
        TrustAnchor anchor = TestPki.trust().withRevocations(RevocationList.load(crl, TestPki.ca().certificate()));
        server = ChannelServer.start(new InetSocketAddress("127.0.0.1", 0), ChannelFixture.server(), anchor, CLIENTS,
                fastLimits(), ChannelFixture::echo);

        try (SecureChannel hers = connect(mallory); SecureChannel his = connect(alice)) {
            hers.send(1, new byte[] {1});
            assertThat(hers.receive().payload()).containsExactly(1);

            X509CRL revoked = TestPki.ca().revoke(parse(crl), mallory.certificate().getSerialNumber(),
                    CRLReason.keyCompromise, Duration.ofDays(1));
            write(crl, revoked);
            awaitTrue(() -> server.sessions() == 1, Duration.ofSeconds(10), "mallory's open session closed");
            assertThatThrownBy(hers::receive).isInstanceOf(java.io.IOException.class);
            his.send(1, new byte[] {2});
            assertThat(his.receive().payload()).containsExactly(2);
        }
        assertThatThrownBy(() -> connect(mallory)).isInstanceOf(java.io.IOException.class);
        try (SecureChannel again = connect(alice)) {
            again.send(1, new byte[] {3});
            assertThat(again.receive().payload()).containsExactly(3);
        }
    }

    @Test
    void aClientRefusesARevokedServer() throws Exception {
        Path crl = dir.resolve("ca.crl");
        write(crl, TestPki.ca().revoke(null, ChannelFixture.server().certificate().getSerialNumber(),
                CRLReason.keyCompromise, Duration.ofDays(1)));
        TrustAnchor clientAnchor = TestPki.trust().withRevocations(RevocationList.load(crl, TestPki.ca().certificate()));
        server = ChannelServer.start(new InetSocketAddress("127.0.0.1", 0), ChannelFixture.server(), TestPki.trust(),
                CLIENTS, fastLimits(), ChannelFixture::echo);
        assertThatThrownBy(() -> SecureChannel.connect("127.0.0.1", server.port(), ChannelFixture.client(), clientAnchor,
                SERVERS, null, TIMEOUT)).isInstanceOf(ChannelException.class);
    }

    @Test
    void aReplacedCrlThatDoesNotVerifyKeepsTheListInForce() throws Exception {
        Identity mallory = TestPki.identity("mallory", Role.KEYGEN_CLIENT);
        Path crl = dir.resolve("ca.crl");
        write(crl, TestPki.ca().revoke(null, mallory.certificate().getSerialNumber(), CRLReason.keyCompromise,
                Duration.ofDays(1)));
        RevocationList list = RevocationList.load(crl, TestPki.ca().certificate());
        assertThat(list.isRevoked(mallory.certificate())).isTrue();
        // A list signed by another CA that would un-revoke her.
        write(crl, TestPki.foreignCa().revoke(null, java.math.BigInteger.TEN, CRLReason.superseded, Duration.ofDays(1)));
        Thread.sleep(1100);
        assertThat(list.isRevoked(mallory.certificate())).as("still revoked").isTrue();
        assertThat(list.size()).isEqualTo(1);
        // An expired one from our own CA at start-up has no list to fall back on: refused.
        write(crl, TestPki.ca().revoke(null, mallory.certificate().getSerialNumber(), CRLReason.keyCompromise,
                Duration.ofMillis(1)));
        Thread.sleep(10);
        assertThatThrownBy(() -> RevocationList.load(crl, TestPki.ca().certificate()))
                .hasMessageContaining("expired");
    }

    private SecureChannel connect(Identity me) throws java.io.IOException {
        return SecureChannel.connect("127.0.0.1", server.port(), me, TestPki.trust(), SERVERS, null, TIMEOUT);
    }

    private static X509CRL parse(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }

    private static void write(Path file, X509CRL crl) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(crl);
        }
        Path temporary = file.resolveSibling("crl.tmp");
        Files.writeString(temporary, text.toString(), StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
