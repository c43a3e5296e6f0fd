package dev.dkg.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.testing.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class TrustAnchorTest {
    private static final Set<Role> ANY_ROLE = EnumSet.allOf(Role.class);
    private final TrustAnchor trust = TestPki.trust();
    private final Instant now = Instant.now();

    @Test
    void acceptsIdentityIssuedByOurCaAndReturnsItsNameRoleAndKey() throws Exception {
        Identity alice = TestPki.identity("alice", Role.KEYGEN_CLIENT);

        PeerIdentity peer = trust.validate(alice.chain(), now, Set.of(Role.KEYGEN_CLIENT));

        assertThat(peer.name()).isEqualTo("alice");
        assertThat(peer.role()).isEqualTo(Role.KEYGEN_CLIENT);
        assertThat(peer.keyId()).isEqualTo(alice.keyId());
    }

    @Test
    void acceptsLeafAloneWithoutTrailingCaCopy() throws Exception {
        Identity alice = TestPki.identity("alice", Role.KEYGEN_CLIENT);

        assertThat(trust.validate(List.of(alice.certificate()), now, ANY_ROLE).name()).isEqualTo("alice");
    }

    @Test
    void issuedCertificateCarriesSubjectRoleAndExtensions() throws Exception {
        X509Certificate cert = TestPki.identity("bob.1", Role.SHARE_HOLDER).certificate();

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=bob.1,OU=share-holder");
        assertThat(Subject.of(cert)).isEqualTo(new Subject("bob.1", Role.SHARE_HOLDER));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(cert.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(cert.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSerialNumber().bitLength()).isLessThanOrEqualTo(128).isGreaterThan(64);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
    }

    @Test
    void caCertificateIsSelfSignedCaWithCertSignUsage() throws Exception {
        X509Certificate ca = TestPki.ca().certificate();

        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=" + TestPki.CA_NAME);
    }

    @Test
    void rejectsCertificateOfForeignCaWithTheSameName() {
        Identity impostor = TestPki.foreignCaIdentity("alice", Role.KEYGEN_CLIENT);

        assertThatThrownBy(() -> trust.validate(List.of(impostor.certificate()), now, ANY_ROLE))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("not signed by our CA");
    }

    @Test
    void rejectsCertificateOfDifferentlyNamedCa() throws Exception {
        CertificateAuthority other = CertificateAuthority.create("Other CA", TestPki.keyPair("other-ca"),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), new java.security.SecureRandom());
        Identity mallory = other.issue(new Subject("mallory", Role.DEALER), TestPki.keyPair("mallory"),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));

        assertThatThrownBy(() -> trust.validate(mallory.chain().subList(0, 1), now, ANY_ROLE))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("issued by CN=Other CA, not by our CA");
    }

    @Test
    void rejectsChainWhoseSecondCertificateIsNotOurCa() {
        Identity impostor = TestPki.foreignCaIdentity("alice", Role.KEYGEN_CLIENT);
        Identity alice = TestPki.identity("alice", Role.KEYGEN_CLIENT);

        assertThatThrownBy(() -> trust.validate(List.of(alice.certificate(), impostor.chain().get(1)), now, ANY_ROLE))
                .hasMessageContaining("second certificate in the chain is not our CA certificate");
    }

    @Test
    void rejectsExpiredCertificate() {
        Identity expired = TestPki.expiredIdentity("alice", Role.KEYGEN_CLIENT);

        assertThatThrownBy(() -> trust.validate(expired.chain(), now, ANY_ROLE))
                .isInstanceOf(CertificateExpiredException.class)
                .hasMessageContaining("expired at");
    }

    @Test
    void rejectsNotYetValidCertificate() {
        Identity early = TestPki.notYetValidIdentity("alice", Role.KEYGEN_CLIENT);

        assertThatThrownBy(() -> trust.validate(early.chain(), now, ANY_ROLE))
                .isInstanceOf(CertificateNotYetValidException.class)
                .hasMessageContaining("not valid before");
    }

    @Test
    void rejectsEverythingOnceTheCaCertificateHasExpired() {
        Identity alice = TestPki.identity("alice", Role.KEYGEN_CLIENT);
        Instant afterCa = TestPki.ca().certificate().getNotAfter().toInstant().plusSeconds(1);

        assertThatThrownBy(() -> trust.validate(alice.chain(), afterCa, ANY_ROLE))
                .isInstanceOf(CertificateExpiredException.class)
                .hasMessageStartingWith("CA certificate");
    }

    @Test
    void rejectsRoleTheServiceDoesNotAccept() {
        Identity dealer = TestPki.identity("dora", Role.DEALER);

        assertThatThrownBy(() -> trust.validate(dealer.chain(), now, Set.of(Role.KEYGEN_CLIENT, Role.OTP_REQUESTER)))
                .isInstanceOf(CertificateException.class)
                .hasMessage("role dealer of 'dora' is not accepted here (accepted: keygen-client, otp-requester)");
    }

    @Test
    void rejectsCaCertificatePresentedAsLeaf() {
        X509Certificate ca = TestPki.ca().certificate();

        assertThatThrownBy(() -> trust.validate(List.of(ca), now, ANY_ROLE))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("is a CA certificate, not a party's");
    }

    @Test
    void rejectsCertificateWithoutKeyUsage() throws Exception {
        X509Certificate cert = signedByTestCa(new Subject("carol", Role.DEALER), null);

        assertThatThrownBy(() -> trust.validate(List.of(cert), now, ANY_ROLE))
                .hasMessageContaining("has no key usage");
    }

    @Test
    void rejectsCertificateWhoseKeyUsageLacksKeyEncipherment() throws Exception {
        X509Certificate cert = signedByTestCa(new Subject("carol", Role.DEALER), new KeyUsage(KeyUsage.digitalSignature));

        assertThatThrownBy(() -> trust.validate(List.of(cert), now, ANY_ROLE))
                .hasMessageContaining("key usage lacks digitalSignature and keyEncipherment");
    }

    @Test
    void rejectsCertificateWithTamperedSignature() throws Exception {
        byte[] der = TestPki.identity("alice", Role.KEYGEN_CLIENT).certificate().getEncoded();
        der[der.length - 5] ^= 0x01; // inside the signature value, the last field of the DER
        X509Certificate tampered = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));

        assertThatThrownBy(() -> trust.validate(List.of(tampered), now, ANY_ROLE))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("not signed by our CA");
    }

    @Test
    void rejectsEmptyAndOverlongChains() {
        X509Certificate alice = TestPki.identity("alice", Role.KEYGEN_CLIENT).certificate();
        X509Certificate ca = TestPki.ca().certificate();

        assertThatThrownBy(() -> trust.validate(List.of(), now, ANY_ROLE)).hasMessage("empty certificate chain");
        assertThatThrownBy(() -> trust.validate(List.of(alice, ca, ca), now, ANY_ROLE))
                .hasMessageContaining("has 3 certificates");
    }

    @Test
    void refusesToTrustAPartyCertificateAsCa() {
        X509Certificate alice = TestPki.identity("alice", Role.KEYGEN_CLIENT).certificate();

        assertThatThrownBy(() -> TrustAnchor.of(alice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a CA");
    }

    /** A certificate from the test CA's key with chosen key usage (null: none), to exercise the checks. */
    private X509Certificate signedByTestCa(Subject subject, KeyUsage usage) throws Exception {
        X509Certificate ca = TestPki.ca().certificate();
        KeyPair key = TestPki.keyPair("carol");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, BigInteger.TEN,
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), subject.toX500Name(), key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (usage != null) {
            builder.addExtension(Extension.keyUsage, true, usage);
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(TestPki.caKeyPair().getPrivate())));
    }
}
