package dev.dkg.otp.distributor;

import dev.dkg.otp.protocol.OtpAdminAction;
import dev.dkg.otp.protocol.OtpOperation;
import dev.dkg.crypto.Secrets;
import dev.dkg.otp.OtpAuthUri;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpRequest;
import dev.dkg.otp.protocol.OtpResponse;
import dev.dkg.otp.protocol.OtpStatus;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one requester's request: checks it against the ACL (deny by default), finds the key, and
 * issues, verifies or enrols through {@link OtpVerifier}. Every outcome is a response; nothing a
 * requester sends makes this throw, so one bad request never costs the distributor its other clients.
 *
 * <p>Audit: every denial and every verification (accepted, rejected, locked out, malformed, disabled), every
 * enrolment and every administrator's change is one INFO line on the logger named {@code audit}, naming
 * requester, operation and key.
 * No line ever holds a code, a secret or a URI.
 *
 * <p>The ACL is checked before the key is looked up, so a requester learns whether a key exists only
 * for keys the ACL already lets it use. Thread-safe.
 */
public final class OtpService {
    private static final Logger audit = LoggerFactory.getLogger("audit");
    private static final Logger log = LoggerFactory.getLogger(OtpService.class);

    private final Supplier<Acl> acl;
    private final KeySource keys;
    private final OtpVerifier verifier;
    private final VerificationStateStore states;
    private final String issuer;
    private final Runnable refreshKeys;

    /**
     * {@code acl} gives the rules in force (asked once per request, so a reloaded ACL applies to the next one);
     * {@code issuer} names the service in enrolment URIs (what an authenticator app shows);
     * {@code refreshKeys} picks up new keys (it must not throw) and runs when a request names a key not
     * seen yet, so a key written a moment ago is served without waiting for the next periodic refresh.
     */
    public OtpService(Supplier<Acl> acl, KeySource keys, OtpVerifier verifier, VerificationStateStore states, String issuer,
                      Runnable refreshKeys) {
        this.acl = Objects.requireNonNull(acl, "acl");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.states = Objects.requireNonNull(states, "states");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.refreshKeys = Objects.requireNonNull(refreshKeys, "refreshKeys");
    }

    /** Decodes a request body of envelope kind {@code kind} and answers it; a body that does not decode is BAD_REQUEST. */
    public OtpResponse handle(String requester, int kind, byte[] body) {
        OtpRequest request;
        try {
            request = OtpRequest.decode(kind, body);
        } catch (WireFormatException e) {
            log.warn("malformed request from {}: {}", requester, e.getMessage());
            return new OtpResponse.Failure(OtpStatus.BAD_REQUEST, "malformed request");
        }
        return handle(requester, request);
    }

    public OtpResponse handle(String requester, OtpRequest request) {
        try {
            if (request instanceof OtpRequest.ListKeys) {
                return list(requester);
            }
            OtpOperation operation = operationOf(request);
            String keyId = request.keyId();
            if (!acl.get().allows(requester, keyId, operation)) {
                audit.info("denied requester={} op={} key={}", requester, operation.fileName(), keyId);
                return new OtpResponse.Failure(OtpStatus.DENIED, "not authorised to " + operation.fileName() + " this key");
            }
            Optional<KeyInfo> key = findKey(keyId);
            if (key.isEmpty()) {
                log.info("requester {} asked for unknown key {}", requester, keyId);
                return new OtpResponse.Failure(OtpStatus.UNKNOWN_KEY, "no such key");
            }
            if (request instanceof OtpRequest.Admin admin) {
                return administer(requester, keyId, admin.action());
            }
            if (!(request instanceof OtpRequest.Verify) && states.load(keyId).disabled()) {
                // VERIFY finds out under the key's lock in the verifier; GET and ENROLL here.
                audit.info("refused requester={} op={} key={} reason=disabled", requester, operation.fileName(), keyId);
                return disabled();
            }
            byte[] secret = keys.otpSecret(keyId).orElseThrow();
            try {
                if (request instanceof OtpRequest.Get get) {
                    return issue(key.get(), get.mode(), secret);
                }
                if (request instanceof OtpRequest.Verify verify) {
                    return verify(requester, key.get(), verify, secret);
                }
                return enroll(requester, key.get(), ((OtpRequest.Enroll) request).mode(), secret);
            } finally {
                Secrets.wipe(secret);
            }
        } catch (StateUnavailableException e) {
            // Fail closed: nothing was decided, so nothing is accepted or handed out; the pool reconnects.
            audit.info("{} unavailable requester={} key={} reason={}", operationOf(request).fileName(), requester,
                    request.keyId(), e.getMessage());
            return new OtpResponse.Failure(OtpStatus.SERVER_ERROR,
                    "verification state unavailable (database unreachable); nothing was accepted, try again");
        } catch (IOException e) {
            log.error("request {} from {} failed: {}", request, requester, e.toString());
            return new OtpResponse.Failure(OtpStatus.SERVER_ERROR, "the distributor could not save its state");
        } catch (RuntimeException e) {
            log.error("request {} from {} failed: {}", request, requester, e.toString());
            log.debug("failure detail", e);
            return new OtpResponse.Failure(OtpStatus.SERVER_ERROR, "internal error");
        }
    }

    private OtpResponse list(String requester) {
        Acl rules = acl.get();
        if (!rules.mentions(requester)) {
            audit.info("denied requester={} op=list (no ACL rule names this requester)", requester);
            return new OtpResponse.Failure(OtpStatus.DENIED, "no ACL rule names this requester");
        }
        List<OtpResponse.KeyEntry> entries = new ArrayList<>();
        for (KeyInfo k : keys.keys()) {
            Set<OtpOperation> granted = rules.operations(requester, k.keyId());
            if (!granted.isEmpty() && entries.size() < OtpResponse.MAX_KEYS) {
                entries.add(new OtpResponse.KeyEntry(k.keyId(), k.purpose(), k.created(), k.parameters(), granted));
            }
        }
        return new OtpResponse.KeyList(entries);
    }

    private static OtpResponse disabled() {
        return new OtpResponse.Failure(OtpStatus.DISABLED, "the key is disabled by an administrator");
    }

    private OtpResponse administer(String requester, String keyId, OtpAdminAction action) throws IOException {
        VerificationState state = verifier.administer(keyId, action);
        if (action != OtpAdminAction.STATUS) {
            audit.info("admin {} requester={} key={} failures={} locked={} disabled={}", action.label(), requester, keyId,
                    state.consecutiveFailures(), state.lockedUntilEpochMilli() != 0, state.disabled());
        }
        return new OtpResponse.AdminState(state.consecutiveFailures(),
                state.lockedUntilEpochMilli() == 0 ? null : java.time.Instant.ofEpochMilli(state.lockedUntilEpochMilli()),
                state.disabled());
    }

    private OtpResponse issue(KeyInfo key, OtpMode mode, byte[] secret) throws IOException {
        if (mode == OtpMode.TOTP) {
            IssuedTotp t = verifier.currentTotp(secret, key.parameters());
            return new OtpResponse.Code(mode, t.code(), t.timeStep(), t.secondsValid(),
                    (int) key.parameters().stepSeconds());
        }
        IssuedHotp h = verifier.nextHotp(key.keyId(), secret, key.parameters());
        if (h == null) {
            return disabled();
        }
        return new OtpResponse.Code(mode, h.code(), h.counter(), 0, 0);
    }

    private OtpResponse verify(String requester, KeyInfo key, OtpRequest.Verify request, byte[] secret)
            throws IOException {
        VerificationResult result = request.mode() == OtpMode.TOTP
                ? verifier.verifyTotp(key.keyId(), secret, key.parameters(), request.code())
                : verifier.verifyHotp(key.keyId(), secret, key.parameters(), request.code());
        audit.info("verify {} requester={} key={} mode={} reason={}",
                result.outcome().name().toLowerCase(java.util.Locale.ROOT), requester, key.keyId(),
                request.mode().label(), result.reason());
        return switch (result.outcome()) {
            case ACCEPTED -> new OtpResponse.Verdict(OtpResponse.Outcome.ACCEPTED, null);
            case REJECTED -> new OtpResponse.Verdict(OtpResponse.Outcome.REJECTED, result.lockedUntil().orElse(null));
            case LOCKED_OUT -> new OtpResponse.Verdict(OtpResponse.Outcome.LOCKED_OUT, result.lockedUntil().orElseThrow());
            case MALFORMED -> new OtpResponse.Failure(OtpStatus.MALFORMED_CODE, result.reason());
            case DISABLED -> disabled();
        };
    }

    private OtpResponse enroll(String requester, KeyInfo key, OtpMode mode, byte[] secret) throws IOException {
        OtpAuthUri uri;
        if (mode == OtpMode.TOTP) {
            uri = OtpAuthUri.totp(issuer, key.keyId(), secret, key.parameters());
        } else {
            VerificationState state = states.load(key.keyId());
            // The app starts where neither verification nor issued codes have been: no code it shows is used.
            uri = OtpAuthUri.hotp(issuer, key.keyId(), secret, key.parameters(),
                    Math.max(state.hotpVerifyCounter(), state.hotpIssueCounter()));
        }
        audit.info("enroll granted requester={} key={} mode={}", requester, key.keyId(), mode.label());
        return new OtpResponse.Enrollment(uri.reveal());
    }

    /** The key, looking at the store once more if it is not known yet (it may have just been written). */
    private Optional<KeyInfo> findKey(String keyId) {
        Optional<KeyInfo> key = keys.find(keyId);
        if (key.isPresent()) {
            return key;
        }
        refreshKeys.run();
        return keys.find(keyId);
    }

    private static OtpOperation operationOf(OtpRequest request) {
        if (request instanceof OtpRequest.Get) {
            return OtpOperation.GET;
        }
        if (request instanceof OtpRequest.Verify) {
            return OtpOperation.VERIFY;
        }
        if (request instanceof OtpRequest.Admin) {
            return OtpOperation.ADMIN;
        }
        return OtpOperation.ENROLL;
    }
}
