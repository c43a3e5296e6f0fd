package dev.dkg.keygen.server;

import dev.dkg.channel.SecureChannel;
import dev.dkg.keygen.KeyParameters;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.keygen.Receipt;
import dev.dkg.keygen.ThresholdMessages;
import dev.dkg.keygen.client.ThresholdParticipant;
import dev.dkg.keygen.client.ThresholdShareStore;
import dev.dkg.keygen.client.ContributionKey;
import dev.dkg.keygen.client.RoundParticipant;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/** A keygen service on loopback with TestPki identities, clients run on threads, events captured. */
final class KeygenFixture implements AutoCloseable {
    static final Identity SERVER = TestPki.identity("keygen", Role.KEYGEN_SERVER);
    static final Identity DISTRIBUTOR = TestPki.identity("distributor", Role.OTP_DISTRIBUTOR);

    final Path dir;
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService clients = Executors.newCachedThreadPool();
    KeygenService service;

    KeygenFixture(Path dir) {
        this.dir = dir;
    }

    static Identity client(String name) {
        return TestPki.identity(name, Role.KEYGEN_CLIENT);
    }

    static RoundPolicy firstToConnect(int n, Duration timeout, int rounds) {
        return new RoundPolicy(n, null, KeyParameters.DEFAULT, timeout, rounds);
    }

    static RoundPolicy named(List<String> names, Duration timeout) {
        return new RoundPolicy(0, names, KeyParameters.DEFAULT, timeout, 0);
    }

    static RoundPolicy threshold(int n, int t, Ciphersuite suite, Duration timeout) {
        return new RoundPolicy(n, null, KeyParameters.DEFAULT, timeout, 0, t, suite);
    }

    /** Where client {@code name} keeps its shares in these tests. */
    Path clientDir(String name) {
        return dir.resolve("clients").resolve(name);
    }

    /** A client taking part in the next threshold round with {@code conduct}, on its own thread. */
    Future<ThresholdParticipant.Result> participateThreshold(String name, ThresholdParticipant.Conduct conduct) {
        return clients.submit(() -> {
            Identity me = client(name);
            try (SecureChannel channel = connect(me)) {
                SecureChannel.Message first = channel.receive(ThresholdMessages.FROM_SERVER);
                return ThresholdParticipant.participate(channel, first, me, TestPki.trust(),
                        new ThresholdShareStore(clientDir(name), me), new SecureRandom(), conduct);
            }
        });
    }

    static PeerIdentity peer(Identity identity) {
        try {
            return TestPki.trust().validate(identity.chain(), Instant.now(), Set.of(identity.role()));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    Path keyStore() {
        return dir.resolve("key_store");
    }

    KeygenService start(RoundPolicy policy) throws Exception {
        service = KeygenService.start(SERVER, TestPki.trust(), new java.net.InetSocketAddress("127.0.0.1", 0),
                keyStore(), List.of(peer(DISTRIBUTOR)), policy, events::add);
        return service;
    }

    SecureChannel connect(Identity client) throws IOException {
        return SecureChannel.connect("127.0.0.1", service.port(), client, TestPki.trust(), Set.of(Role.KEYGEN_SERVER),
                null, Duration.ofSeconds(10));
    }

    /** An honest client taking part in the next round, on its own thread. */
    Future<Receipt> participate(String name) {
        return clients.submit(() -> {
            Identity me = client(name);
            try (SecureChannel channel = connect(me); ContributionKey key = ContributionKey.generate(new SecureRandom())) {
                return RoundParticipant.participate(channel, me.name(), key, ContributionKey.NO_PHRASE, new SecureRandom());
            }
        });
    }

    <T> Future<T> onThread(java.util.concurrent.Callable<T> task) {
        return clients.submit(task);
    }

    /** Waits until an event line matches {@code regex}. */
    String awaitEvent(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            synchronized (events) {
                for (String e : events) {
                    if (p.matcher(e).find()) {
                        return e;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no event matching /" + regex + "/ in " + events);
    }

    @Override
    public void close() throws Exception {
        clients.shutdownNow();
        if (service != null) {
            service.close();
        }
    }
}
