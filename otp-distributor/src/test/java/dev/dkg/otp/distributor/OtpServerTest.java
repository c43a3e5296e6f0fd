package dev.dkg.otp.distributor;

import dev.dkg.otp.protocol.OtpOperation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dkg.channel.PeerRejectedException;
import dev.dkg.channel.SecureChannel;
import dev.dkg.otp.Hotp;
import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.Totp;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpKinds;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpRequestException;
import dev.dkg.otp.protocol.OtpResponse;
import dev.dkg.otp.protocol.OtpStatus;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import dev.dkg.wire.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The distributor end to end over loopback: real handshakes, sealed envelopes, the RecordLog state store. */
class OtpServerTest {
    @TempDir
    Path dir;

    private DistributorFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = DistributorFixture.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void listShowsOnlyTheKeysTheAclGrantsWithTheirOperations() throws Exception {
        try (OtpClient alice = fixture.connect("alice")) {
            List<OtpResponse.KeyEntry> keys = alice.list();
            assertThat(keys).extracting(OtpResponse.KeyEntry::keyId).containsExactly("k1", "team-a");
            assertThat(keys.get(0).operations()).containsExactlyInAnyOrder(OtpOperation.GET, OtpOperation.VERIFY,
                    OtpOperation.ENROLL);
            assertThat(keys.get(0).parameters()).isEqualTo(DistributorFixture.K1_PARAMETERS);
            assertThat(keys.get(1).operations()).containsExactly(OtpOperation.GET);
        }
    }

    @Test
    void getReturnsTheCurrentTotpCodeAndTheSecondsLeftInItsStep() throws Exception {
        try (OtpClient alice = fixture.connect("alice")) {
            OtpResponse.Code code = alice.get("k1", OtpMode.TOTP);
            assertThat(code.code()).isEqualTo(fixture.k1TotpNow());
            assertThat(code.secondsValid()).isEqualTo(15);
            assertThat(code.stepSeconds()).isEqualTo(30);
            assertThat(code.counter()).isEqualTo(Totp.timeStep(DistributorFixture.START, OtpParameters.DEFAULT));
        }
    }

    @Test
    void verifyAcceptsAFreshCodeOnceAndRejectsItsReplay() throws Exception {
        try (OtpClient alice = fixture.connect("alice"); OtpClient bob = fixture.connect("bob")) {
            String code = alice.get("k1", OtpMode.TOTP).code();
            assertThat(bob.verify("k1", OtpMode.TOTP, code).outcome()).isEqualTo(OtpResponse.Outcome.ACCEPTED);
            assertThat(bob.verify("k1", OtpMode.TOTP, code).outcome()).isEqualTo(OtpResponse.Outcome.REJECTED);
            assertThat(alice.verify("k1", OtpMode.TOTP, code).outcome()).isEqualTo(OtpResponse.Outcome.REJECTED);
        }
    }

    @Test
    void hotpCodesFromGetAreIssuedOnceEachAndVerifyInOrder() throws Exception {
        try (OtpClient alice = fixture.connect("alice")) {
            OtpResponse.Code first = alice.get("k1", OtpMode.HOTP);
            OtpResponse.Code second = alice.get("k1", OtpMode.HOTP);
            assertThat(first.counter()).isZero();
            assertThat(second.counter()).isEqualTo(1);
            assertThat(first.code()).isEqualTo(Hotp.generate(DistributorFixture.K1_SECRET, 0, 6,
                    DistributorFixture.K1_PARAMETERS.algorithm()));
            assertThat(alice.verify("k1", OtpMode.HOTP, second.code()).outcome()).isEqualTo(OtpResponse.Outcome.ACCEPTED);
            assertThat(alice.verify("k1", OtpMode.HOTP, first.code()).outcome()).isEqualTo(OtpResponse.Outcome.REJECTED);
        }
    }

    @Test
    void enrollGivesTheOtpauthUriOnlyToRequestersAllowedToEnroll() throws Exception {
        try (OtpClient alice = fixture.connect("alice"); OtpClient bob = fixture.connect("bob")) {
            assertThat(alice.enroll("k1", OtpMode.TOTP)).isEqualTo("otpauth://totp/dkg-test:k1?secret="
                    + "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=dkg-test&algorithm=SHA1&digits=6&period=30");
            assertThat(alice.enroll("k1", OtpMode.HOTP)).startsWith("otpauth://hotp/dkg-test:k1?").endsWith("&counter=0");
            assertThatThrownBy(() -> bob.enroll("k1", OtpMode.TOTP))
                    .isInstanceOfSatisfying(OtpRequestException.class, e -> assertThat(e.status()).isEqualTo(OtpStatus.DENIED));
        }
    }

    @Test
    void requesterOutsideTheAclIsDeniedEverythingAndMayAskAgain() throws Exception {
        try (OtpClient mallory = fixture.connect("mallory")) {
            assertThatThrownBy(mallory::list).isInstanceOfSatisfying(OtpRequestException.class,
                    e -> assertThat(e.status()).isEqualTo(OtpStatus.DENIED));
            assertThatThrownBy(() -> mallory.get("k1", OtpMode.TOTP)).isInstanceOfSatisfying(OtpRequestException.class,
                    e -> assertThat(e.status()).isEqualTo(OtpStatus.DENIED));
            assertThatThrownBy(() -> mallory.verify("k1", OtpMode.TOTP, fixture.k1TotpNow()))
                    .isInstanceOfSatisfying(OtpRequestException.class, e -> assertThat(e.status()).isEqualTo(OtpStatus.DENIED));
        }
        try (OtpClient bob = fixture.connect("bob")) {
            // bob may verify k2 but not get it.
            assertThatThrownBy(() -> bob.get("k2", OtpMode.TOTP)).isInstanceOfSatisfying(OtpRequestException.class,
                    e -> assertThat(e.status()).isEqualTo(OtpStatus.DENIED));
            assertThat(bob.get("k1", OtpMode.TOTP).code()).isEqualTo(fixture.k1TotpNow());
        }
    }

    @Test
    void aclIsCheckedBeforeTheKeyIsLookedUpSoKeysOutsideItStayHidden() throws Exception {
        try (OtpClient alice = fixture.connect("alice")) {
            assertThatThrownBy(() -> alice.get("k2", OtpMode.TOTP)).isInstanceOfSatisfying(OtpRequestException.class,
                    e -> assertThat(e.status()).isEqualTo(OtpStatus.DENIED));
            assertThatThrownBy(() -> alice.get("nonexistent", OtpMode.TOTP)).isInstanceOfSatisfying(
                    OtpRequestException.class, e -> assertThat(e.status()).isEqualTo(OtpStatus.DENIED));
            assertThatThrownBy(() -> alice.get("team-missing", OtpMode.TOTP)).isInstanceOfSatisfying(
                    OtpRequestException.class, e -> assertThat(e.status()).isEqualTo(OtpStatus.UNKNOWN_KEY));
            assertThat(alice.get("team-a", OtpMode.TOTP).code()).hasSize(6);
        }
    }

    @Test
    void malformedCodeIsAFailureResponseAndTheChannelGoesOn() throws Exception {
        try (OtpClient alice = fixture.connect("alice")) {
            for (String bad : new String[] {"", "12345", "1234567", "12a456", "١٢٣٤٥٦"}) {
                assertThatThrownBy(() -> alice.verify("k1", OtpMode.TOTP, bad)).as(bad)
                        .isInstanceOfSatisfying(OtpRequestException.class,
                                e -> assertThat(e.status()).isEqualTo(OtpStatus.MALFORMED_CODE));
            }
            assertThat(alice.verify("k1", OtpMode.TOTP, fixture.k1TotpNow()).outcome())
                    .isEqualTo(OtpResponse.Outcome.ACCEPTED);
        }
    }

    @Test
    void wrongRoleIsRefusedAtTheHandshake() {
        assertThatThrownBy(() -> fixture.connect(TestPki.identity("kc", Role.KEYGEN_CLIENT)))
                .isInstanceOfSatisfying(PeerRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_AUTHORISED));
        assertThatThrownBy(() -> fixture.connect(TestPki.foreignCaIdentity("alice", Role.OTP_REQUESTER)))
                .isInstanceOfSatisfying(PeerRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION));
    }

    @Test
    void malformedBodyGetsBadRequestAndUnknownKindClosesOnlyThatChannel() throws Exception {
        try (SecureChannel raw = SecureChannel.connect("127.0.0.1", fixture.port(),
                TestPki.identity("alice", Role.OTP_REQUESTER), TestPki.trust(), Set.of(Role.OTP_DISTRIBUTOR), null,
                Duration.ofSeconds(10))) {
            raw.send(OtpKinds.GET, new byte[] {0, 2, 'k', '1', 1, 0});
            SecureChannel.Message reply = raw.receive();
            assertThat(reply.kind()).isEqualTo(OtpKinds.FAILURE);
            assertThat(reply.payload()[0]).isEqualTo((byte) OtpStatus.BAD_REQUEST.code());

            OtpClient same = OtpClient.over(raw);
            assertThat(same.get("k1", OtpMode.TOTP).code()).isEqualTo(fixture.k1TotpNow());

            raw.send(0x0299, new byte[0]);
            assertThatThrownBy(raw::receive).isInstanceOf(PeerRejectedException.class);
        }
        try (OtpClient alice = fixture.connect("alice")) {
            assertThat(alice.get("k1", OtpMode.TOTP).code()).isEqualTo(fixture.k1TotpNow());
        }
    }

    @Test
    void keyWrittenAfterStartIsServedOnFirstRequest() throws Exception {
        fixture.keys.add(new KeyInfo("team-b", "team", DistributorFixture.START, OtpParameters.DEFAULT),
                DistributorFixture.TEAM_SECRET);
        try (OtpClient alice = fixture.connect("alice")) {
            assertThat(alice.get("team-b", OtpMode.TOTP).code())
                    .isEqualTo(Totp.generate(DistributorFixture.TEAM_SECRET, fixture.clock.instant(), OtpParameters.DEFAULT));
        }
    }

    @Test
    void restartNeverReacceptsAUsedCodeNorMovesAHotpCounterBack() throws Exception {
        String code = fixture.k1TotpNow();
        long hotpCounter;
        try (OtpClient alice = fixture.connect("alice")) {
            assertThat(alice.verify("k1", OtpMode.TOTP, code).outcome()).isEqualTo(OtpResponse.Outcome.ACCEPTED);
            hotpCounter = alice.get("k1", OtpMode.HOTP).counter();
        }
        fixture.restart();
        try (OtpClient alice = fixture.connect("alice")) {
            assertThat(alice.verify("k1", OtpMode.TOTP, code).outcome()).isEqualTo(OtpResponse.Outcome.REJECTED);
            assertThat(alice.get("k1", OtpMode.HOTP).counter()).isEqualTo(hotpCounter + 1);
            fixture.clock.advance(Duration.ofSeconds(30));
            assertThat(alice.verify("k1", OtpMode.TOTP, fixture.k1TotpNow()).outcome())
                    .isEqualTo(OtpResponse.Outcome.ACCEPTED);
        }
    }

    @Test
    void lockOutSurvivesARestart() throws Exception {
        try (OtpClient bob = fixture.connect("bob")) {
            OtpResponse.Verdict last = null;
            for (int i = 0; i < fixture.policy.maxConsecutiveFailures(); i++) {
                last = bob.verify("k2", OtpMode.TOTP, "00000000");
                assertThat(last.outcome()).isEqualTo(OtpResponse.Outcome.REJECTED);
            }
            assertThat(last.lockedUntil()).isEqualTo(DistributorFixture.START.plus(fixture.policy.lockout()));
        }
        fixture.restart();
        String right = Totp.generate(DistributorFixture.K2_SECRET, fixture.clock.instant(), DistributorFixture.K2_PARAMETERS);
        try (OtpClient bob = fixture.connect("bob")) {
            OtpResponse.Verdict verdict = bob.verify("k2", OtpMode.TOTP, right);
            assertThat(verdict.outcome()).isEqualTo(OtpResponse.Outcome.LOCKED_OUT);
            assertThat(verdict.lockedUntil()).isEqualTo(DistributorFixture.START.plus(fixture.policy.lockout()));
        }
    }

    @Test
    void auditHasALineForEveryDenialAndVerificationAndNeverTheCode() throws Exception {
        Logger audit = (Logger) LoggerFactory.getLogger("audit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        try (OtpClient alice = fixture.connect("alice"); OtpClient mallory = fixture.connect("mallory")) {
            String code = alice.get("k1", OtpMode.TOTP).code();
            String hotp = alice.get("k1", OtpMode.HOTP).code();
            alice.verify("k1", OtpMode.TOTP, code);
            alice.verify("k1", OtpMode.TOTP, code);
            alice.verify("k1", OtpMode.HOTP, hotp);
            assertThatThrownBy(() -> alice.verify("k1", OtpMode.TOTP, "12x456")).isInstanceOf(OtpRequestException.class);
            assertThatThrownBy(() -> mallory.verify("k1", OtpMode.TOTP, code)).isInstanceOf(OtpRequestException.class);
            alice.enroll("k1", OtpMode.TOTP);

            List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(messages).hasSize(6);
            assertThat(messages.get(0)).startsWith("verify accepted requester=alice key=k1 mode=totp");
            assertThat(messages.get(1)).startsWith("verify rejected requester=alice key=k1").contains("already used");
            assertThat(messages.get(2)).startsWith("verify accepted requester=alice key=k1 mode=hotp");
            assertThat(messages.get(3)).startsWith("verify malformed requester=alice");
            assertThat(messages.get(4)).isEqualTo("denied requester=mallory op=verify key=k1");
            assertThat(messages.get(5)).isEqualTo("enroll granted requester=alice key=k1 mode=totp");
            assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain(code).doesNotContain(hotp)
                    .doesNotContain("12x456").doesNotContain("secret="));
        } finally {
            audit.detachAppender(lines);
        }
    }
}
