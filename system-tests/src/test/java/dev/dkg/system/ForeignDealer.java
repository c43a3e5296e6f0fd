package dev.dkg.system;

import dev.dkg.channel.ChannelServer;
import dev.dkg.channel.Limits;
import dev.dkg.channel.SecureChannel;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An attacker holding a genuine dealer certificate of the CA that is not the vault's dealer: it listens
 * where holders look for their dealer, completes the real handshake with each holder that connects, and
 * hands the test each holder's channel to send whatever it likes.
 */
final class ForeignDealer implements AutoCloseable {
    private final ChannelServer server;
    private final Map<String, SecureChannel> channels = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    ForeignDealer(int port, Identity dealer, TrustAnchor trust) throws IOException {
        server = ChannelServer.start(new InetSocketAddress("127.0.0.1", port), dealer, trust,
                Set.of(Role.SHARE_HOLDER), Limits.defaults(), channel -> {
                    synchronized (channels) {
                        channels.put(channel.peer().name(), channel);
                        channels.notifyAll();
                    }
                    closing.await();
                });
    }

    /** The channel of the holder {@code name} once it has connected (holders retry every 5 s at most). */
    SecureChannel await(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (channels) {
            while (!channels.containsKey(name)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("holder " + name + " did not connect to the foreign dealer");
                }
                TimeUnit.NANOSECONDS.timedWait(channels, left);
            }
            return channels.get(name);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        channels.values().forEach(SecureChannel::close);
        server.close();
    }
}
