package dev.dkg.otp.protocol;

import dev.dkg.wire.WireFormatException;
import dev.dkg.wire.WireReader;
import dev.dkg.wire.WireWriter;
import java.util.Objects;

/**
 * A requester's request to the distributor, with its exact wire layout (docs/protocol.md, "OTP"):
 * <pre>
 * LIST   0x0201  (empty)
 * GET    0x0202  key-id string | mode u8
 * VERIFY 0x0203  key-id string | mode u8 | code string (0..16 bytes)
 * ENROLL 0x0204  key-id string | mode u8
 * </pre>
 * {@code key-id} is 1–128 bytes of ASCII 0x21–0x7E; {@code mode} is 1 (TOTP) or 2 (HOTP). Decoding is
 * canonical: anything else, and trailing bytes, is a {@link WireFormatException}.
 */
public sealed interface OtpRequest {
    int MAX_CODE_BYTES = 16;

    int kind();

    byte[] encode();

    /** The key the request is about, or null for {@link ListKeys}. */
    String keyId();

    record ListKeys() implements OtpRequest {
        @Override
        public int kind() {
            return OtpKinds.LIST;
        }

        @Override
        public byte[] encode() {
            return new byte[0];
        }

        @Override
        public String keyId() {
            return null;
        }
    }

    record Get(String keyId, OtpMode mode) implements OtpRequest {
        public Get {
            KeyIds.check(keyId);
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public int kind() {
            return OtpKinds.GET;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(keyId.length() + 3).string(keyId).u8(mode.code()).toByteArray();
        }
    }

    /** A code to check; {@link #toString()} leaves the code out so the request can be logged. */
    record Verify(String keyId, OtpMode mode, String code) implements OtpRequest {
        public Verify {
            KeyIds.check(keyId);
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(code, "code");
            if (code.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_CODE_BYTES) {
                throw new IllegalArgumentException("a code on the wire is at most " + MAX_CODE_BYTES + " bytes");
            }
        }

        @Override
        public int kind() {
            return OtpKinds.VERIFY;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(keyId.length() + 24).string(keyId).u8(mode.code()).string(code).toByteArray();
        }

        @Override
        public String toString() {
            return "Verify[keyId=" + keyId + ", mode=" + mode + "]";
        }
    }

    record Enroll(String keyId, OtpMode mode) implements OtpRequest {
        public Enroll {
            KeyIds.check(keyId);
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public int kind() {
            return OtpKinds.ENROLL;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(keyId.length() + 3).string(keyId).u8(mode.code()).toByteArray();
        }
    }

    /** An administrator's action on a key's verification state; answered with {@link OtpResponse.AdminState}. */
    record Admin(String keyId, OtpAdminAction action) implements OtpRequest {
        public Admin {
            KeyIds.check(keyId);
            Objects.requireNonNull(action, "action");
        }

        @Override
        public int kind() {
            return OtpKinds.ADMIN;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(keyId.length() + 3).string(keyId).u8(action.code()).toByteArray();
        }
    }

    /** Decodes a request body of envelope kind {@code kind}. */
    static OtpRequest decode(int kind, byte[] body) throws WireFormatException {
        WireReader r = new WireReader(body);
        OtpRequest request;
        switch (kind) {
            case OtpKinds.LIST -> request = new ListKeys();
            case OtpKinds.GET -> request = new Get(readKeyId(r), OtpMode.fromCode(r.u8("mode")));
            case OtpKinds.VERIFY -> {
                String keyId = readKeyId(r);
                OtpMode mode = OtpMode.fromCode(r.u8("mode"));
                request = new Verify(keyId, mode, r.string(MAX_CODE_BYTES, "code"));
            }
            case OtpKinds.ENROLL -> request = new Enroll(readKeyId(r), OtpMode.fromCode(r.u8("mode")));
            case OtpKinds.ADMIN -> request = new Admin(readKeyId(r), OtpAdminAction.fromCode(r.u8("action")));
            default -> throw new WireFormatException(String.format("kind 0x%04x is not an OTP request", kind));
        }
        r.finish();
        return request;
    }

    /** A key id field: a string of 1–128 bytes of ASCII 0x21–0x7E. */
    static String readKeyId(WireReader r) throws WireFormatException {
        String keyId = r.string(KeyIds.MAX_LENGTH, "key id");
        if (!KeyIds.isValid(keyId)) {
            throw new WireFormatException("key id is empty or has a character outside ASCII 0x21-0x7E");
        }
        return keyId;
    }
}
