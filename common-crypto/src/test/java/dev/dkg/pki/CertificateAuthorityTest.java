package dev.dkg.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.testing.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private final CertificateAuthority ca = TestPki.ca();
    private final KeyPair key = TestPki.keyPair("csr-party");

    @Test
    void certifiesRequestUnderTheNameInItsCommonName() throws Exception {
        PKCS10CertificationRequest request = PkiCommandTest.request("CN=frank", key);

        X509Certificate cert = ca.certify(request, null, Role.KEYGEN_SERVER, Duration.ofDays(10));

        assertThat(Subject.of(cert)).isEqualTo(new Subject("frank", Role.KEYGEN_SERVER));
        assertThat(cert.getPublicKey()).isEqualTo(key.getPublic());
    }

    @Test
    void explicitNameAndRoleOverrideWhatTheRequestAsksFor() throws Exception {
        PKCS10CertificationRequest request = PkiCommandTest.request("CN=frank, OU=keygen-server, O=Evil", key);

        X509Certificate cert = ca.certify(request, "grace", Role.SHARE_HOLDER, Duration.ofDays(10));

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=grace,OU=share-holder");
    }

    @Test
    void requestWithoutCommonNameNeedsAnExplicitName() throws Exception {
        PKCS10CertificationRequest request = PkiCommandTest.request("O=Nobody", key);

        assertThatThrownBy(() -> ca.certify(request, null, Role.DEALER, Duration.ofDays(10)))
                .isInstanceOf(CertificateException.class).hasMessageContaining("exactly one CN");
    }

    @Test
    void requestSignedWithAnotherKeyIsRejected() throws Exception {
        PKCS10CertificationRequest honest = PkiCommandTest.request("CN=frank", key);
        PKCS10CertificationRequest forged = PkiCommandTest.request("CN=frank", TestPki.keyPair("mallory"));
        // The victim's public key with the forger's signature: proof of possession must fail.
        PKCS10CertificationRequest spliced = new PKCS10CertificationRequest(new CertificationRequest(
                honest.toASN1Structure().getCertificationRequestInfo(), forged.getSignatureAlgorithm(),
                new DERBitString(forged.getSignature())));

        assertThatThrownBy(() -> ca.certify(spliced, null, Role.DEALER, Duration.ofDays(10)))
                .isInstanceOf(SignatureException.class).hasMessage("certificate request signature does not verify");
    }

    @Test
    void refusesACertificateThatWouldOutliveTheCa() {
        Instant caEnd = ca.certificate().getNotAfter().toInstant();

        assertThatThrownBy(() -> ca.certify(new Subject("old", Role.DEALER), key.getPublic(), Instant.now(),
                caEnd.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outlive");
    }

    @Test
    void serialsAreRandomAndPositive() throws Exception {
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            X509Certificate cert = ca.certify(new Subject("s" + i, Role.DEALER), key.getPublic(),
                    Instant.now(), Instant.now().plusSeconds(60));
            assertThat(cert.getSerialNumber().signum()).isPositive();
            serials.add(cert.getSerialNumber());
        }
        assertThat(serials).hasSize(20);
    }

    @Test
    void nameMustBeWellFormed() {
        assertThatThrownBy(() -> new Subject("a b", Role.DEALER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Subject("x".repeat(65), Role.DEALER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Subject("", Role.DEALER)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Subject("A-z_0.9", Role.DEALER).name()).isEqualTo("A-z_0.9");
    }

    @Test
    void subjectRoundTripsThroughItsX500Name() throws Exception {
        Subject subject = new Subject("henry", Role.OTP_DISTRIBUTOR);

        assertThat(Subject.of(subject.toX500Name())).isEqualTo(subject);
    }

    @Test
    void subjectWithExtraPartsIsRejected() {
        assertThatThrownBy(() -> Subject.of(new X500Name("O=Evil, OU=dealer, CN=henry")))
                .isInstanceOf(CertificateException.class).hasMessageContaining("exactly CN=<name>, OU=<role>");
    }

    @Test
    void subjectWithUnknownRoleIsRejected() {
        assertThatThrownBy(() -> Subject.of(new X500Name("OU=admin, CN=henry")))
                .isInstanceOf(CertificateException.class).hasMessageContaining("unknown role 'admin'");
    }
}
