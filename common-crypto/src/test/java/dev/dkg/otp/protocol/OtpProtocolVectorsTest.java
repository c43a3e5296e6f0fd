package dev.dkg.otp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.crypto.Envelope;
import dev.dkg.otp.OtpAlgorithm;
import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.Totp;
import dev.dkg.testing.FixedRandom;
import dev.dkg.testing.ProtocolVectors;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OTP vectors of docs/protocol.md section 13.6, read from the document: encodings, decodings, the envelope. */
class OtpProtocolVectorsTest {
    private static final ProtocolVectors DOC = ProtocolVectors.load();

    private static void check(ProtocolVectors.Vector v, OtpRequest expected) throws Exception {
        assertThat(expected.kind()).isEqualTo(v.number("kind"));
        assertThat(expected.encode()).isEqualTo(v.hex("body"));
        assertThat(OtpRequest.decode((int) v.number("kind"), v.hex("body"))).isEqualTo(expected);
    }

    private static void check(ProtocolVectors.Vector v, OtpResponse expected) throws Exception {
        assertThat(expected.kind()).isEqualTo(v.number("kind"));
        assertThat(expected.encode()).isEqualTo(v.hex("body"));
        assertThat(OtpResponse.decode((int) v.number("kind"), v.hex("body"))).isEqualTo(expected);
    }

    private static OtpMode mode(ProtocolVectors.Vector v) {
        return v.number("mode") == 1 ? OtpMode.TOTP : OtpMode.HOTP;
    }

    @Test
    void requestsAreAsDocumented() throws Exception {
        ProtocolVectors.Vector get = DOC.one("otp-get");
        check(get, new OtpRequest.Get(get.text("key-id-text"), mode(get)));
        ProtocolVectors.Vector verify = DOC.one("otp-verify");
        check(verify, new OtpRequest.Verify(verify.text("key-id-text"), mode(verify), verify.text("code-text")));
        ProtocolVectors.Vector enroll = DOC.one("otp-enroll");
        check(enroll, new OtpRequest.Enroll(enroll.text("key-id-text"), mode(enroll)));
        ProtocolVectors.Vector admin = DOC.one("otp-admin");
        assertThat(admin.number("action")).isEqualTo(OtpAdminAction.UNLOCK.code());
        check(admin, new OtpRequest.Admin(admin.text("key-id-text"), OtpAdminAction.UNLOCK));
    }

    @Test
    void responsesAreAsDocumented() throws Exception {
        ProtocolVectors.Vector list = DOC.one("otp-key-list");
        EnumSet<OtpOperation> ops = EnumSet.noneOf(OtpOperation.class);
        long bits = list.number("operations");
        if ((bits & 1) != 0) {
            ops.add(OtpOperation.GET);
        }
        if ((bits & 2) != 0) {
            ops.add(OtpOperation.VERIFY);
        }
        if ((bits & 4) != 0) {
            ops.add(OtpOperation.ENROLL);
        }
        check(list, new OtpResponse.KeyList(List.of(new OtpResponse.KeyEntry(list.text("key-id-text"),
                list.text("purpose-text"), Instant.ofEpochMilli(list.number("created")),
                new OtpParameters(OtpAlgorithm.fromUriName(list.text("algorithm-text")), (int) list.number("digits"),
                        Duration.ofSeconds(list.number("step-seconds"))), ops))));

        ProtocolVectors.Vector code = DOC.one("otp-code");
        check(code, new OtpResponse.Code(mode(code), code.text("code-text"), code.number("counter"),
                (int) code.number("seconds-valid"), (int) code.number("step-seconds")));

        ProtocolVectors.Vector verdict = DOC.one("otp-verdict");
        assertThat(verdict.number("outcome")).isEqualTo(OtpResponse.Outcome.REJECTED.code());
        check(verdict, new OtpResponse.Verdict(OtpResponse.Outcome.REJECTED,
                Instant.ofEpochMilli(verdict.number("locked-until"))));

        ProtocolVectors.Vector enrollment = DOC.one("otp-enrollment");
        check(enrollment, new OtpResponse.Enrollment(enrollment.text("uri-text")));

        ProtocolVectors.Vector adminState = DOC.one("otp-admin-state");
        check(adminState, new OtpResponse.AdminState(adminState.number("failures"),
                Instant.ofEpochMilli(adminState.number("locked-until")), adminState.number("disabled") == 1));

        ProtocolVectors.Vector failure = DOC.one("otp-failure");
        assertThat(failure.number("status")).isEqualTo(OtpStatus.DENIED.code());
        check(failure, new OtpResponse.Failure(OtpStatus.DENIED, failure.text("reason-text")));
    }

    @Test
    void sealedVerifyRequestIsAsDocumentedAndOpensForTheDistributor() throws Exception {
        ProtocolVectors.Vector v = DOC.one("otp-envelope");
        KeyPair requester = DOC.key(v.text("sender"));
        KeyPair distributor = DOC.key(v.text("recipients"));
        FixedRandom random = new FixedRandom(v.hex("random-aes-key"), v.hex("random-nonce"), v.hex("random-oaep-seed-0"),
                v.hex("random-pss-salt"));
        byte[] sealed = Envelope.seal((int) v.number("kind"), v.hex("session-id"), v.number("sequence"),
                requester.getPrivate(), requester.getPublic(), List.of(distributor.getPublic()), v.hex("plaintext"), random);
        assertThat(random.remaining()).isZero();
        assertThat(sealed).isEqualTo(v.hex("envelope"));

        Envelope.Opened opened = Envelope.open(v.hex("envelope"),
                Envelope.Expect.of(v.hex("session-id"), v.number("sequence")).withKinds(OtpKinds.REQUESTS),
                distributor.getPrivate(), distributor.getPublic(), requester.getPublic());
        assertThat(OtpRequest.decode(opened.kind(), opened.plaintext()))
                .isEqualTo(new OtpRequest.Verify("k1", OtpMode.TOTP, "287082"));
    }

    /** Section 13.5: what each purpose names, and the TOTP code those parameters give at a fixed time. */
    @Test
    void purposesNameTheDocumentedParametersAndCodes() {
        List<ProtocolVectors.Vector> purposes = DOC.all("otp-purpose");
        assertThat(purposes).hasSizeGreaterThanOrEqualTo(3);
        for (ProtocolVectors.Vector v : purposes) {
            OtpParameters expected = new OtpParameters(OtpAlgorithm.fromUriName(v.text("algorithm-text")),
                    (int) v.number("digits"), Duration.ofSeconds(v.number("step-seconds")));
            OtpParameters named = OtpParameters.forPurpose(v.text("purpose-text"));
            assertThat(named).as(v.text("purpose-text")).isEqualTo(expected);
            assertThat(Totp.generate(v.hex("otp-secret"), Instant.ofEpochSecond(v.number("time")), named))
                    .as(v.text("purpose-text")).isEqualTo(v.text("code-text"));
        }
        String refused = DOC.one("otp-purpose-refused").text("purpose-text");
        assertThatThrownBy(() -> OtpParameters.forPurpose(refused)).isInstanceOf(IllegalArgumentException.class);
    }
}
