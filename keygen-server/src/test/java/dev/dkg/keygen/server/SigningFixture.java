package dev.dkg.keygen.server;

import dev.dkg.acl.Acl;
import dev.dkg.channel.SecureChannel;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.SecretShare;
import dev.dkg.frost.TrustedDealer;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.signing.SignRequest;
import dev.dkg.signing.SignResult;
import dev.dkg.signing.Signer;
import dev.dkg.signing.SigningKey;
import dev.dkg.signing.SigningMessages;
import dev.dkg.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A Coordinator on loopback with TestPki identities, threshold keys from the trusted dealer (RFC 9591 appendix
 * C), signers on threads with their own channels, and every event captured.
 */
final class SigningFixture implements AutoCloseable {
    static final Identity SERVER = TestPki.identity("keygen", Role.KEYGEN_SERVER);
    static final Identity REQUESTER = TestPki.identity("rita", Role.OTP_REQUESTER);
    static final List<String> HOLDERS = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
            "ivan");

    /** A dealt key: its public side and every holder's share. */
    record DealtKey(SigningKey key, List<SecretShare> shares) {
        SecretShare shareOf(String holder) {
            return shares.get(key.identifierOf(holder) - 1);
        }
    }

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final Map<String, SigningKey> keys = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<SecureChannel> channels = Collections.synchronizedList(new ArrayList<>());
    volatile Acl acl;
    SigningService service;

    SigningFixture(String... aclLines) throws Exception {
        acl = Acl.parse("signing-acl", List.of(aclLines), SigningService.ACL_OPERATIONS);
        service = SigningService.start(SERVER, TestPki.trust(), new InetSocketAddress("127.0.0.1", 0),
                id -> Optional.ofNullable(keys.get(id)), () -> acl, () -> { }, events::add, new SecureRandom(),
                new SigningService.Timeouts(Duration.ofSeconds(20), Duration.ofSeconds(20)));
    }

    /** A t-of-n key over the first n holders, dealt with a random secret, registered with the Coordinator. */
    DealtKey deal(Ciphersuite suite, int t, int n) {
        SecureRandom random = new SecureRandom();
        TrustedDealer.Keys dealt = TrustedDealer.deal(suite, suite.randomNonZeroScalar(random), n, t, random);
        byte[] keyId = new byte[SigningMessages.KEY_ID_BYTES];
        random.nextBytes(keyId);
        SigningKey key = new SigningKey(keyId, suite, t, HOLDERS.subList(0, n), dealt.groupKey(),
                dealt.shares().stream().map(SecretShare::verificationShare).toList());
        keys.put(key.keyIdHex(), key);
        return new DealtKey(key, dealt.shares());
    }

    static Identity holder(String name) {
        return TestPki.identity(name, Role.KEYGEN_CLIENT);
    }

    SecureChannel connect(Identity who) throws IOException {
        SecureChannel c = SecureChannel.connect("127.0.0.1", service.port(), who, TestPki.trust(),
                Set.of(Role.KEYGEN_SERVER), null, Duration.ofSeconds(10));
        channels.add(c);
        return c;
    }

    /** An honest signer that approves everything and answers sessions until its channel closes. */
    Future<?> watch(DealtKey key, String name) {
        return watch(key, name, key.shareOf(name), r -> true);
    }

    /** A signer with the share and approval given (a wrong share makes a dishonest signer). */
    Future<?> watch(DealtKey key, String name, SecretShare share, Signer.Approval approval) {
        return threads.submit(() -> {
            SecureChannel c = connect(holder(name));
            new Signer(key.key(), share, name, approval, line -> events.add(name + ": " + line), new SecureRandom())
                    .serve(c, true);
            return null;
        });
    }

    /** Waits until {@code count} signers of the key are ready. */
    void awaitReady(DealtKey key, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (service.readyCount(key.key().keyIdHex()) < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("signers not ready: " + events);
            }
            Thread.sleep(5);
        }
    }

    /** Asks for a signature as {@code requester} and returns the Coordinator's answer. */
    SignResult sign(Identity requester, SigningKey key, List<String> signers, byte[] message, long waitMillis)
            throws IOException {
        try (SecureChannel c = connect(requester)) {
            c.send(SigningMessages.SIGN_REQUEST, new SignRequest(key.keyId(), waitMillis, signers, message).encode());
            SecureChannel.Message m = c.receive(Set.of(SigningMessages.SIGN_RESULT));
            return SignResult.decode(m.payload());
        }
    }

    SignResult sign(SigningKey key, List<String> signers, byte[] message) throws IOException {
        return sign(REQUESTER, key, signers, message, 10_000);
    }

    @Override
    public void close() throws IOException {
        for (SecureChannel c : List.copyOf(channels)) {
            c.close();
        }
        service.close();
        threads.shutdownNow();
    }
}
