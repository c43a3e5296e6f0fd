package dev.dkg.otp.protocol;

import dev.dkg.channel.ChannelException;
import dev.dkg.channel.SecureChannel;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.WireFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A requester's persistent connection to a distributor: one request at a time, each answered by exactly
 * one response on the same secure channel. Requests and responses are sealed envelopes, so the codes and
 * URIs the distributor returns travel encrypted to this requester only.
 *
 * <p>Not thread-safe: one client per thread (the protocol has no request ids; answers come in order).
 */
public final class OtpClient implements Closeable {
    private final SecureChannel channel;

    private OtpClient(SecureChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects and authenticates to the distributor at {@code host:port}, which must hold an
     * otp-distributor certificate from {@code anchor} (named {@code serverName} if that is not null).
     */
    public static OtpClient connect(String host, int port, Identity me, TrustAnchor anchor, String serverName,
                                    Duration timeout) throws IOException {
        return new OtpClient(SecureChannel.connect(host, port, me, anchor, Set.of(Role.OTP_DISTRIBUTOR), serverName,
                timeout));
    }

    /** Wraps an established channel (for tests). */
    public static OtpClient over(SecureChannel channel) {
        return new OtpClient(channel);
    }

    /** The keys this requester may use, with the operations the ACL grants it on each. */
    public List<OtpResponse.KeyEntry> list() throws IOException, OtpRequestException {
        return expect(exchange(new OtpRequest.ListKeys()), OtpResponse.KeyList.class).keys();
    }

    /** The key's current TOTP code, or (HOTP) its next unused code. */
    public OtpResponse.Code get(String keyId, OtpMode mode) throws IOException, OtpRequestException {
        return expect(exchange(new OtpRequest.Get(keyId, mode)), OtpResponse.Code.class);
    }

    public OtpResponse.Verdict verify(String keyId, OtpMode mode, String code) throws IOException, OtpRequestException {
        return expect(exchange(new OtpRequest.Verify(keyId, mode, code)), OtpResponse.Verdict.class);
    }

    /** The key's otpauth:// URI (it carries the secret). */
    public String enroll(String keyId, OtpMode mode) throws IOException, OtpRequestException {
        return expect(exchange(new OtpRequest.Enroll(keyId, mode)), OtpResponse.Enrollment.class).uri();
    }

    /** Sends one request and returns the decoded response, failures included. */
    /** Runs an administrator's action on a key and returns the key's state afterwards. */
    public OtpResponse.AdminState admin(String keyId, OtpAdminAction action) throws IOException, OtpRequestException {
        return expect(exchange(new OtpRequest.Admin(keyId, action)), OtpResponse.AdminState.class);
    }

    public OtpResponse exchange(OtpRequest request) throws IOException {
        channel.send(request.kind(), request.encode());
        SecureChannel.Message m = channel.receive(OtpKinds.responsesTo(request.kind()));
        try {
            return OtpResponse.decode(m.kind(), m.payload());
        } catch (WireFormatException e) {
            channel.reject(ErrorCode.PROTOCOL, "malformed OTP response: " + e.getMessage());
            throw new ChannelException(ErrorCode.PROTOCOL, "malformed response from " + channel.peer().name() + ": "
                    + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(m.payload(), (byte) 0);
        }
    }

    /** The distributor's certificate name. */
    public String serverName() {
        return channel.peer().name();
    }

    @Override
    public void close() {
        channel.close();
    }

    private static <T extends OtpResponse> T expect(OtpResponse response, Class<T> type) throws OtpRequestException {
        if (response instanceof OtpResponse.Failure f) {
            throw new OtpRequestException(f.status(), f.reason());
        }
        return type.cast(response);
    }
}
