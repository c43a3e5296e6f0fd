package dev.dkg.otp.protocol;

import dev.dkg.otp.OtpAlgorithm;
import dev.dkg.otp.OtpParameters;
import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The distributor's answer to one request, with its exact wire layout (docs/protocol.md, "OTP"). Every
 * body starts with {@code status u8}: 0 in the four successful responses, 1–5 in {@link Failure}.
 * <pre>
 * KEY_LIST   0x0281  status=0 | count u16 (0..4096) | entry…
 *                    entry = key-id string | purpose string (0..64) | created u64 (ms since the epoch)
 *                          | algorithm u8 (1 SHA1, 2 SHA256, 3 SHA512) | digits u8 (6..8)
 *                          | step-seconds u32 (1..86400) | operations u8 (bit 0 get, 1 verify, 2 enroll, 3 admin)
 * CODE       0x0282  status=0 | mode u8 | code string (6..8 ASCII digits) | counter u64
 *                    | seconds-valid u32 | step-seconds u32
 *                    (TOTP: counter = time step, 1 <= seconds-valid <= step-seconds;
 *                     HOTP: counter = HOTP counter, seconds-valid = step-seconds = 0)
 * VERDICT    0x0283  status=0 | outcome u8 (1 accepted, 2 rejected, 3 locked out) | locked-until u64
 *                    (ms since the epoch; 0 unless outcome is 3 or this rejection locked the key)
 * ENROLLMENT 0x0284  status=0 | uri string (1..2048, the otpauth:// URI)
 * ADMIN_STATE 0x0285 status=0 | failures u32 | locked-until u64 (ms since the epoch, 0 = not locked)
 *                    | disabled u8 (0 or 1)
 * FAILURE    0x02FF  status u8 (1..6) | reason string (0..200 bytes)
 * </pre>
 */
public sealed interface OtpResponse {
    int MAX_KEYS = 4096;
    int MAX_PURPOSE_BYTES = 64;
    int MAX_URI_BYTES = 2048;
    int MAX_REASON_BYTES = 200;

    int kind();

    byte[] encode();

    /** One key as {@code list} shows it: public facts only, never material. */
    record KeyEntry(String keyId, String purpose, Instant created, OtpParameters parameters,
                    Set<OtpOperation> operations) {
        public KeyEntry {
            KeyIds.check(keyId);
            Objects.requireNonNull(purpose, "purpose");
            if (purpose.getBytes(StandardCharsets.UTF_8).length > MAX_PURPOSE_BYTES) {
                throw new IllegalArgumentException("purpose is at most " + MAX_PURPOSE_BYTES + " bytes");
            }
            Objects.requireNonNull(created, "created");
            if (created.toEpochMilli() < 0) {
                throw new IllegalArgumentException("creation time before the epoch");
            }
            Objects.requireNonNull(parameters, "parameters");
            operations = Collections.unmodifiableSet(operations.isEmpty()
                    ? EnumSet.noneOf(OtpOperation.class) : EnumSet.copyOf(operations));
        }
    }

    record KeyList(List<KeyEntry> keys) implements OtpResponse {
        public KeyList {
            keys = List.copyOf(keys);
            if (keys.size() > MAX_KEYS) {
                throw new IllegalArgumentException("a key list holds at most " + MAX_KEYS + " keys");
            }
        }

        @Override
        public int kind() {
            return OtpKinds.KEY_LIST;
        }

        @Override
        public byte[] encode() {
            WireWriter w = new WireWriter(3 + 96 * keys.size()).u8(OtpStatus.OK.code()).count16(keys.size());
            for (KeyEntry e : keys) {
                int operations = 0;
                for (OtpOperation op : e.operations()) {
                    operations |= operationBit(op);
                }
                w.string(e.keyId()).string(e.purpose()).u64(e.created().toEpochMilli())
                        .u8(algorithmCode(e.parameters().algorithm())).u8(e.parameters().digits())
                        .u32(e.parameters().stepSeconds()).u8(operations);
            }
            return w.toByteArray();
        }
    }

    /** An issued code; {@link #toString()} leaves the code out so the response can be logged. */
    record Code(OtpMode mode, String code, long counter, int secondsValid, int stepSeconds) implements OtpResponse {
        public Code {
            Objects.requireNonNull(mode, "mode");
            if (!isDigits(code, OtpParameters.MIN_DIGITS, OtpParameters.MAX_DIGITS)) {
                throw new IllegalArgumentException("a code is 6 to 8 ASCII digits");
            }
            if (counter < 0) {
                throw new IllegalArgumentException("counter must not be negative");
            }
            boolean totpTimes = stepSeconds >= 1 && stepSeconds <= OtpParameters.MAX_STEP.getSeconds()
                    && secondsValid >= 1 && secondsValid <= stepSeconds;
            if (mode == OtpMode.TOTP ? !totpTimes : secondsValid != 0 || stepSeconds != 0) {
                throw new IllegalArgumentException("TOTP needs 1 <= seconds valid <= step; HOTP has both 0");
            }
        }

        @Override
        public int kind() {
            return OtpKinds.CODE;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(32).u8(OtpStatus.OK.code()).u8(mode.code()).string(code).u64(counter)
                    .u32(secondsValid).u32(stepSeconds).toByteArray();
        }

        @Override
        public String toString() {
            return "Code[mode=" + mode + ", counter=" + counter + ", secondsValid=" + secondsValid + "]";
        }
    }

    /** What verification decided. */
    enum Outcome {
        ACCEPTED(1), REJECTED(2), LOCKED_OUT(3);

        private final int code;

        Outcome(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Outcome fromCode(int code) throws WireFormatException {
            for (Outcome o : values()) {
                if (o.code == code) {
                    return o;
                }
            }
            throw new WireFormatException("outcome " + code + " is not 1, 2 or 3");
        }
    }

    /** @param lockedUntil when the key's lock-out ends, or null */
    record Verdict(Outcome outcome, Instant lockedUntil) implements OtpResponse {
        public Verdict {
            Objects.requireNonNull(outcome, "outcome");
            if (outcome == Outcome.LOCKED_OUT && lockedUntil == null) {
                throw new IllegalArgumentException("a locked-out verdict says until when");
            }
            if (outcome == Outcome.ACCEPTED && lockedUntil != null) {
                throw new IllegalArgumentException("an accepted verdict has no lock-out");
            }
            if (lockedUntil != null && lockedUntil.toEpochMilli() <= 0) {
                throw new IllegalArgumentException("lock-out end must be after the epoch");
            }
        }

        @Override
        public int kind() {
            return OtpKinds.VERDICT;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(10).u8(OtpStatus.OK.code()).u8(outcome.code())
                    .u64(lockedUntil == null ? 0 : lockedUntil.toEpochMilli()).toByteArray();
        }
    }

    /** The otpauth:// URI, which carries the secret: {@link #toString()} leaves it out. */
    record Enrollment(String uri) implements OtpResponse {
        public Enrollment {
            Objects.requireNonNull(uri, "uri");
            int length = uri.getBytes(StandardCharsets.UTF_8).length;
            if (length < 1 || length > MAX_URI_BYTES || !uri.startsWith("otpauth://")) {
                throw new IllegalArgumentException("an enrollment carries an otpauth:// URI of at most "
                        + MAX_URI_BYTES + " bytes");
            }
        }

        @Override
        public int kind() {
            return OtpKinds.ENROLLMENT;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(uri.length() + 3).u8(OtpStatus.OK.code()).string(uri).toByteArray();
        }

        @Override
        public String toString() {
            return "Enrollment[<redacted>]";
        }
    }

    /**
     * A key's verification state after an ADMIN request.
     *
     * @param failures consecutive failed verifications counted towards the lock-out
     * @param lockedUntil when the key's lock-out ends, or null when it is not locked
     */
    record AdminState(long failures, Instant lockedUntil, boolean disabled) implements OtpResponse {
        public AdminState {
            if (failures < 0 || failures > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("failure count out of range");
            }
            if (lockedUntil != null && lockedUntil.toEpochMilli() <= 0) {
                throw new IllegalArgumentException("lock-out end must be after the epoch");
            }
        }

        /** As the command lines print it: {@code failures=2 locked-until=2026-…Z disabled}. */
        public String describe() {
            return "failures=" + failures + " " + (lockedUntil == null ? "unlocked" : "locked-until=" + lockedUntil)
                    + " " + (disabled ? "disabled" : "enabled");
        }

        @Override
        public int kind() {
            return OtpKinds.ADMIN_STATE;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(14).u8(OtpStatus.OK.code()).u32(failures)
                    .u64(lockedUntil == null ? 0 : lockedUntil.toEpochMilli()).u8(disabled ? 1 : 0).toByteArray();
        }
    }

    /** A refused or failed request; the channel stays open for the next one. */
    record Failure(OtpStatus status, String reason) implements OtpResponse {
        public Failure {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            if (status == OtpStatus.OK) {
                throw new IllegalArgumentException("a failure has a non-zero status");
            }
            if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
                throw new IllegalArgumentException("a failure reason is at most " + MAX_REASON_BYTES + " bytes");
            }
        }

        @Override
        public int kind() {
            return OtpKinds.FAILURE;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(reason.length() + 3).u8(status.code()).string(reason).toByteArray();
        }
    }

    /** Decodes a response body of envelope kind {@code kind}. */
    static OtpResponse decode(int kind, byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        int status = r.u8("status");
        OtpResponse response;
        if (kind == OtpKinds.FAILURE) {
            OtpStatus s = OtpStatus.fromCode(status);
            if (s == OtpStatus.OK) {
                throw new WireFormatException("a failure response has status 0");
            }
            response = new Failure(s, r.string(MAX_REASON_BYTES, "reason"));
            r.finish();
            return response;
        }
        if (status != OtpStatus.OK.code()) {
            throw new WireFormatException("a successful response has status " + status + ", not 0");
        }
        try {
            switch (kind) {
                case OtpKinds.KEY_LIST -> response = decodeKeyList(r);
                case OtpKinds.CODE -> {
                    OtpMode mode = OtpMode.fromCode(r.u8("mode"));
                    String code = r.string(OtpParameters.MAX_DIGITS, "code");
                    long counter = r.u64("counter");
                    response = new Code(mode, code, counter, toInt(r.u32("seconds valid")), toInt(r.u32("step seconds")));
                }
                case OtpKinds.VERDICT -> {
                    Outcome outcome = Outcome.fromCode(r.u8("outcome"));
                    long until = r.u64("locked until");
                    if (until < 0) {
                        throw new WireFormatException("locked-until above 2^63-1");
                    }
                    response = new Verdict(outcome, until == 0 ? null : Instant.ofEpochMilli(until));
                }
                case OtpKinds.ENROLLMENT -> response = new Enrollment(r.string(MAX_URI_BYTES, "uri"));
                case OtpKinds.ADMIN_STATE -> {
                    long failures = r.u32("failures");
                    long until = r.u64("locked until");
                    if (until < 0) {
                        throw new WireFormatException("locked-until above 2^63-1");
                    }
                    int disabled = r.u8("disabled");
                    if (disabled > 1) {
                        throw new WireFormatException("disabled is " + disabled + ", not 0 or 1");
                    }
                    response = new AdminState(failures, until == 0 ? null : Instant.ofEpochMilli(until), disabled == 1);
                }
                default -> throw new WireFormatException(String.format("kind 0x%04x is not an OTP response", kind));
            }
        } catch (IllegalArgumentException e) {
            // A field decoded but its value is not allowed (e.g. a 5-digit code): still malformed.
            throw new WireFormatException(e.getMessage());
        }
        r.finish();
        return response;
    }

    private static KeyList decodeKeyList(WireReader r) throws WireFormatException {
        int count = r.count16(0, MAX_KEYS, "key");
        List<KeyEntry> keys = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            String keyId = OtpRequest.readKeyId(r);
            String purpose = r.string(MAX_PURPOSE_BYTES, "purpose");
            long created = r.u64("created");
            if (created < 0) {
                throw new WireFormatException("creation time above 2^63-1");
            }
            OtpAlgorithm algorithm = algorithmFromCode(r.u8("algorithm"));
            int digits = r.u8("digits");
            long step = r.u32("step seconds");
            int bits = r.u8("operations");
            if ((bits & ~0b1111) != 0) {
                throw new WireFormatException("operations has bits outside get, verify, enroll, admin");
            }
            Set<OtpOperation> operations = EnumSet.noneOf(OtpOperation.class);
            for (OtpOperation op : OtpOperation.values()) {
                if ((bits & operationBit(op)) != 0) {
                    operations.add(op);
                }
            }
            keys.add(new KeyEntry(keyId, purpose, Instant.ofEpochMilli(created),
                    new OtpParameters(algorithm, digits, Duration.ofSeconds(step)), operations));
        }
        return new KeyList(keys);
    }

    /** The wire bit of an operation: fixed here, not taken from the enum's declaration order. */
    static int operationBit(OtpOperation operation) {
        return switch (operation) {
            case GET -> 1;
            case VERIFY -> 2;
            case ENROLL -> 4;
            case ADMIN -> 8;
        };
    }

    static int algorithmCode(OtpAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA1 -> 1;
            case SHA256 -> 2;
            case SHA512 -> 3;
        };
    }

    static OtpAlgorithm algorithmFromCode(int code) throws WireFormatException {
        return switch (code) {
            case 1 -> OtpAlgorithm.SHA1;
            case 2 -> OtpAlgorithm.SHA256;
            case 3 -> OtpAlgorithm.SHA512;
            default -> throw new WireFormatException("algorithm " + code + " is not 1 (SHA1), 2 (SHA256) or 3 (SHA512)");
        };
    }

    private static int toInt(long u32) throws WireFormatException {
        if (u32 > Integer.MAX_VALUE) {
            throw new WireFormatException("value " + u32 + " out of range");
        }
        return (int) u32;
    }

    private static boolean isDigits(String code, int min, int max) {
        if (code == null || code.length() < min || code.length() > max) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
