package dev.dkg.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.testing.TestPki;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
    @TempDir
    Path dir;

    @Test
    void loadsWhatWasWrittenWithNameRoleKeyAndChain() throws Exception {
        Identity alice = TestPki.identity("alice", Role.OTP_REQUESTER);
        Path p12 = dir.resolve("alice.p12");
        alice.writeNew(p12, "s3cret pass".toCharArray());

        Identity loaded = Identity.load(p12, "s3cret pass".toCharArray());

        assertThat(loaded.name()).isEqualTo("alice");
        assertThat(loaded.role()).isEqualTo(Role.OTP_REQUESTER);
        assertThat(loaded.keyId()).isEqualTo(alice.keyId());
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(alice.privateKey().getEncoded());
        assertThat(loaded.chain()).containsExactlyElementsOf(alice.chain());
    }

    @Test
    void wrongPasswordSaysWrongPasswordOrDamagedFile() throws Exception {
        Path p12 = dir.resolve("alice.p12");
        TestPki.identity("alice", Role.OTP_REQUESTER).writeNew(p12, "right".toCharArray());

        assertThatThrownBy(() -> Identity.load(p12, "wrong".toCharArray()))
                .isInstanceOf(UnrecoverableKeyException.class)
                .hasMessage("wrong password or damaged file: " + p12);
    }

    @Test
    void damagedFileIsReportedLikeAWrongPassword() throws Exception {
        Path p12 = dir.resolve("alice.p12");
        TestPki.identity("alice", Role.OTP_REQUESTER).writeNew(p12, "right".toCharArray());
        byte[] bytes = Files.readAllBytes(p12);
        bytes[bytes.length / 2] ^= 0x40;
        Path damaged = dir.resolve("damaged.p12");
        Files.write(damaged, bytes);

        assertThatThrownBy(() -> Identity.load(damaged, "right".toCharArray()))
                .satisfiesAnyOf(
                        e -> assertThat(e).isInstanceOf(UnrecoverableKeyException.class)
                                .hasMessageStartingWith("wrong password or damaged file"),
                        e -> assertThat(e).hasMessageStartingWith("not a readable PKCS#12 file"));
    }

    @Test
    void caFileIsNotAnIdentity() throws Exception {
        Path p12 = TestPki.writeCaFiles(dir, "pw".toCharArray()).p12();

        assertThatThrownBy(() -> Identity.load(p12, "pw".toCharArray()))
                .isInstanceOf(KeyStoreException.class)
                .hasMessageContaining("holds a CA key, not a party's identity");
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThatThrownBy(() -> Identity.load(dir.resolve("absent.p12"), "pw".toCharArray()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void writingNeverOverwritesAnExistingFile() throws Exception {
        Path p12 = dir.resolve("alice.p12");
        Files.writeString(p12, "precious");

        assertThatThrownBy(() -> TestPki.identity("alice", Role.DEALER).writeNew(p12, "pw".toCharArray()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(p12)).isEqualTo("precious");
    }

    @Test
    void caRoundTripsThroughItsPkcs12AndKeepsIssuing() throws Exception {
        Path p12 = TestPki.writeCaFiles(dir, "ca-pw".toCharArray()).p12();

        CertificateAuthority ca = CertificateAuthority.load(p12, "ca-pw".toCharArray());
        Identity erin = ca.issue(new Subject("erin", Role.DEALER), TestPki.keyPair("erin"),
                java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(3600));

        assertThat(ca.certificate()).isEqualTo(TestPki.ca().certificate());
        assertThat(TestPki.trust().validate(List.of(erin.certificate()), java.time.Instant.now(),
                java.util.Set.of(Role.DEALER)).name()).isEqualTo("erin");
    }

    @Test
    void toStringNamesThePartyButNotTheKey() {
        Identity alice = TestPki.identity("alice", Role.OTP_REQUESTER);

        assertThat(alice.toString()).isEqualTo("Identity[alice, otp-requester, key " + alice.keyId().fingerprint() + "]");
    }
}
