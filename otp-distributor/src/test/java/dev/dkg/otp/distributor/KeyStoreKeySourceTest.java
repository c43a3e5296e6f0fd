package dev.dkg.otp.distributor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.dkg.channel.Limits;
import dev.dkg.keygen.KeyApplications;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.KeyStoreVerificationException;
import dev.dkg.otp.Base32;
import dev.dkg.otp.OtpAlgorithm;
import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.Totp;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpResponse;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distributor reading the keygen server's key_store: what it serves, skips, picks up and refuses. */
class KeyStoreKeySourceTest {
    private static final Identity DISTRIBUTOR = DistributorFixture.distributorIdentity();
    private static final Identity SERVER = TestPki.identity("keygen", Role.KEYGEN_SERVER);
    private static final Instant AT = Instant.ofEpochSecond(1_700_000_010);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("key_store");
    }

    private static byte[] otpSecretOf(KeyRecord record) {
        return KeyApplications.otpSecret(record.key());
    }

    @Test
    void servesTheOtpSecretOfEveryKeySealedToIt() throws Exception {
        KeyRecord first;
        KeyRecord second;
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER)) {
            first = store.append(DISTRIBUTOR);
            second = store.append(DISTRIBUTOR);
        }
        try (KeyStoreKeySource keys = KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust())) {
            assertThat(keys.keys()).extracting(KeyInfo::keyId).containsExactly(first.keyId(), second.keyId());
            KeyInfo info = keys.find(first.keyId()).orElseThrow();
            assertThat(info.purpose()).isEqualTo("otp");
            assertThat(info.created()).isEqualTo(first.created());
            assertThat(info.parameters()).isEqualTo(OtpParameters.DEFAULT);
            assertThat(keys.otpSecret(first.keyId())).hasValueSatisfying(s -> assertThat(s).isEqualTo(otpSecretOf(first)));
            assertThat(keys.otpSecret(second.keyId())).hasValueSatisfying(s -> assertThat(s).isEqualTo(otpSecretOf(second)));
            assertThat(keys.otpSecret("0123456789abcdef0123456789abcdef")).isEmpty();
        }
    }

    @Test
    void picksUpKeysStoredWhileOpen() throws Exception {
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER);
             KeyStoreKeySource keys = KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust())) {
            assertThat(keys.keys()).isEmpty();
            KeyRecord late = store.append(DISTRIBUTOR);
            assertThat(keys.refresh()).extracting(KeyInfo::keyId).containsExactly(late.keyId());
            assertThat(keys.refresh()).isEmpty();
            assertThat(keys.find(late.keyId())).isPresent();
        }
    }

    @Test
    void skipsKeysNotSealedToIt() throws Exception {
        Identity other = TestPki.identity("other-distributor", Role.OTP_DISTRIBUTOR);
        KeyRecord mine;
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER)) {
            store.append(other);
            store.append();
            mine = store.append(other, DISTRIBUTOR);
        }
        // Sealed to two distributors: served only where the state is shared (issue 10 item 3).
        try (KeyStoreKeySource keys = KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust(), true)) {
            assertThat(keys.keys()).extracting(KeyInfo::keyId).containsExactly(mine.keyId());
        }
    }

    @Test
    void refusesAKeySealedToSeveralDistributorsWhenItKeepsItsStateAlone() throws Exception {
        Identity other = TestPki.identity("other-distributor", Role.OTP_DISTRIBUTOR);
        KeyRecord alone;
        KeyRecord shared;
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER)) {
            alone = store.append(DISTRIBUTOR);
            shared = store.append(other, DISTRIBUTOR);
        }
        try (KeyStoreKeySource keys = KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust(), false)) {
            // Served here, a code accepted here would be accepted again at the other distributor.
            assertThat(keys.keys()).extracting(KeyInfo::keyId).containsExactly(alone.keyId());
            assertThat(keys.find(shared.keyId())).isEmpty();
            assertThat(keys.otpSecret(shared.keyId())).isEmpty();
            assertThat(keys.refresh()).isEmpty();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aSlowReReadDoesNotStallRequests() throws Exception {
        KeyRecord first;
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER)) {
            first = store.append(DISTRIBUTOR);
        }
        java.util.concurrent.CountDownLatch pollStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releasePoll = new java.util.concurrent.CountDownLatch(1);
        dev.dkg.keygen.KeyStoreRecords file = dev.dkg.keygen.KeyStoreRecords.of(file());
        boolean[] blockNext = {false};
        dev.dkg.keygen.KeyStoreRecords slow = new dev.dkg.keygen.KeyStoreRecords() {
            @Override
            public List<dev.dkg.store.LogRecord> poll() throws IOException {
                if (blockNext[0]) {
                    pollStarted.countDown();
                    try {
                        releasePoll.await();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
                blockNext[0] = true;
                return file.poll();
            }

            @Override
            public java.util.Optional<byte[]> storeId() {
                return file.storeId();
            }

            @Override
            public String name() {
                return file.name();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
        dev.dkg.keygen.KeyStoreReader reader = dev.dkg.keygen.KeyStoreReader.open(slow, DISTRIBUTOR, TestPki.trust());
        boolean[] given = {false};
        try (KeyStoreKeySource keys = new KeyStoreKeySource(() -> {
            if (given[0]) {
                return List.of();
            }
            given[0] = true;
            return List.of(reader);
        }, false)) {
            assertThat(keys.refresh()).hasSize(1);
            Thread refresher = new Thread(() -> {
                try {
                    keys.refresh();
                } catch (IOException | java.security.GeneralSecurityException e) {
                    throw new AssertionError(e);
                }
            });
            refresher.start();
            assertThat(pollStarted.await(30, TimeUnit.SECONDS)).isTrue();
            // The re-read is blocked inside its poll; every request-path call still answers at once.
            assertThat(refresher.isAlive()).isTrue();
            // Asked from another thread, so that a request stuck behind the re-read fails this test instead of hanging it.
            java.util.concurrent.CompletableFuture<Boolean> request = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> keys.find(first.keyId()).isPresent() && keys.otpSecret(first.keyId()).isPresent()
                            && keys.keys().size() == 1);
            assertThat(request.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(refresher.isAlive()).isTrue();
            releasePoll.countDown();
            refresher.join(30_000);
            assertThat(refresher.isAlive()).isFalse();
        }
    }

    @Test
    void aRecordThatDoesNotVerifyIsAnErrorAndNothingAfterItIsRead() throws Exception {
        Identity impostor = TestPki.identity("impostor", Role.KEYGEN_SERVER);
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER);
             KeyStoreKeySource keys = KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust())) {
            KeyRecord good = store.append(DISTRIBUTOR);
            assertThat(keys.refresh()).hasSize(1);
            store.appendSignedBy(impostor, DISTRIBUTOR);
            assertThatThrownBy(keys::refresh).isInstanceOf(KeyStoreVerificationException.class)
                    .hasMessageContaining("record 2 does not verify");
            store.append(DISTRIBUTOR);
            assertThatThrownBy(keys::refresh).isInstanceOf(KeyStoreVerificationException.class)
                    .hasMessageContaining("record 2 does not verify");
            assertThat(keys.keys()).extracting(KeyInfo::keyId).containsExactly(good.keyId());
            assertThat(keys.otpSecret(good.keyId())).isPresent();
        }
        assertThatThrownBy(() -> KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust()))
                .isInstanceOf(KeyStoreVerificationException.class).hasMessageContaining("record 2 does not verify");
    }

    @Test
    void aSignerOurCaDidNotCertifyIsRefused() throws Exception {
        Identity foreign = TestPki.foreignCaIdentity("keygen", Role.KEYGEN_SERVER);
        try (KeyStoreFile store = KeyStoreFile.create(file(), foreign)) {
            store.append(DISTRIBUTOR);
        }
        assertThatThrownBy(() -> KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust()))
                .isInstanceOf(KeyStoreVerificationException.class).hasMessageContaining("untrusted signer");
    }

    @Test
    void aSignerWithAnotherRoleIsRefused() throws Exception {
        try (KeyStoreFile store = KeyStoreFile.create(file(), DISTRIBUTOR)) {
            store.append();
        }
        assertThatThrownBy(() -> KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust()))
                .isInstanceOf(KeyStoreVerificationException.class).hasMessageContaining("untrusted signer");
    }

    @Test
    void aMissingStoreIsNoSuchFile() {
        assertThatThrownBy(() -> KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust()))
                .isInstanceOf(NoSuchFileException.class);
    }

    /**
     * What an authenticator shows for the exported secret (base32 of {@code KeyApplications.otpSecret}, as
     * {@code keygen-server export --as otp} writes it) is what the distributor serves, at a fixed time.
     */
    @Test
    void servedCodeIsTheTotpOfTheExportedSecret() throws Exception {
        KeyRecord record = storeOneKey();
        String exported = Base32.encode(otpSecretOf(record));
        OtpResponse.Code served = serve(record.keyId(), AT);
        assertThat(served.code()).hasSize(6)
                .isEqualTo(Totp.generate(Base32.decode(exported), AT, OtpParameters.DEFAULT));
        assertThat(served.stepSeconds()).isEqualTo(30);
    }

    /** A purpose of the form otp-ALGORITHM-DIGITS-STEP is served (and listed) with exactly those parameters. */
    @Test
    void aKeyWhosePurposeNamesOtpParametersIsServedWithThem() throws Exception {
        KeyRecord record;
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER)) {
            record = store.appendWithPurpose("otp-sha512-8-60", DISTRIBUTOR);
        }
        OtpParameters named = new OtpParameters(OtpAlgorithm.SHA512, 8, Duration.ofSeconds(60));
        OtpResponse.Code served = serve(record.keyId(), AT);
        assertThat(served.code()).hasSize(8).isEqualTo(Totp.generate(otpSecretOf(record), AT, named));
        assertThat(served.stepSeconds()).isEqualTo(60);
        assertThat(served.counter()).isEqualTo(AT.getEpochSecond() / 60);
    }

    /** Codes made with guessed parameters would match no enrolled app: such a key is skipped, the rest served. */
    @Test
    void aKeyWithAMalformedOtpPurposeIsNotServedButTheOthersAre() throws Exception {
        KeyRecord good;
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER)) {
            store.appendWithPurpose("otp-sha256-9-30", DISTRIBUTOR);
            good = store.appendWithPurpose("otp-sha256-7-30", DISTRIBUTOR);
        }
        try (KeyStoreKeySource keys = KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust())) {
            assertThat(keys.keys()).extracting(KeyInfo::keyId).containsExactly(good.keyId());
            assertThat(keys.find(good.keyId()).orElseThrow().parameters())
                    .isEqualTo(new OtpParameters(OtpAlgorithm.SHA256, 7, Duration.ofSeconds(30)));
        }
    }

    @Test
    void oathtoolGivenTheExportedSecretShowsTheServedCode() throws Exception {
        assumeThat(oathtoolInstalled()).as("oathtool is not installed").isTrue();
        KeyRecord record = storeOneKey();
        OtpResponse.Code served = serve(record.keyId(), AT);
        assertThat(oathtool(Base32.encode(otpSecretOf(record)), AT, OtpParameters.DEFAULT)).isEqualTo(served.code());
    }

    @Test
    void oathtoolGivenTheSecretAndTheNamedParametersShowsTheServedCode() throws Exception {
        assumeThat(oathtoolInstalled()).as("oathtool is not installed").isTrue();
        KeyRecord record;
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER)) {
            record = store.appendWithPurpose("otp-sha256-8-45", DISTRIBUTOR);
        }
        OtpResponse.Code served = serve(record.keyId(), AT);
        assertThat(oathtool(Base32.encode(otpSecretOf(record)), AT,
                new OtpParameters(OtpAlgorithm.SHA256, 8, Duration.ofSeconds(45)))).isEqualTo(served.code());
    }

    private KeyRecord storeOneKey() throws Exception {
        try (KeyStoreFile store = KeyStoreFile.create(file(), SERVER)) {
            return store.append(DISTRIBUTOR);
        }
    }

    /** The TOTP code a distributor serving this key store hands alice for {@code keyId} at {@code at}. */
    private OtpResponse.Code serve(String keyId, Instant at) throws Exception {
        MutableClock clock = new MutableClock(at);
        Acl acl = Acl.parse("test-acl", List.of("alice " + keyId + " get"));
        try (KeyStoreKeySource keys = KeyStoreKeySource.open(file(), DISTRIBUTOR, TestPki.trust())) {
            InMemoryVerificationStateStore states = new InMemoryVerificationStateStore();
            KeyWatcher watcher = new KeyWatcher(keys, k -> { });
            OtpService service = new OtpService(() -> acl, keys, new OtpVerifier(states, VerificationPolicy.DEFAULT, clock),
                    states, "dkg-test", watcher::refresh);
            try (OtpServer server = OtpServer.start(new InetSocketAddress("127.0.0.1", 0), DISTRIBUTOR, TestPki.trust(),
                    Limits.defaults().withShutdownGrace(Duration.ofMillis(200)), service, watcher::refresh, Duration.ofHours(1));
                 OtpClient client = OtpClient.connect("127.0.0.1", server.port(),
                         TestPki.identity("alice", Role.OTP_REQUESTER), TestPki.trust(), null, Duration.ofSeconds(10))) {
                return client.get(keyId, OtpMode.TOTP);
            }
        }
    }

    private static boolean oathtoolInstalled() {
        try {
            Process p = new ProcessBuilder("oathtool", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** {@code oathtool --totp=ALG --digits=N --time-step-size=Ss -b --now @EPOCH SECRET}: a standard tool's code. */
    private static String oathtool(String base32Secret, Instant at, OtpParameters parameters)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("oathtool", "--totp=" + parameters.algorithm().uriName().toLowerCase(Locale.ROOT),
                "--digits=" + parameters.digits(), "--time-step-size=" + parameters.stepSeconds() + "s", "-b",
                "--now", "@" + at.getEpochSecond(), base32Secret).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
