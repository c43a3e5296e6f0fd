package dev.dkg.otp.distributor;

import dev.dkg.channel.ChannelServer;
import dev.dkg.channel.Limits;
import dev.dkg.channel.SecureChannel;
import dev.dkg.crypto.Secrets;
import dev.dkg.otp.protocol.OtpKinds;
import dev.dkg.otp.protocol.OtpResponse;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The distributor's network side: a {@link ChannelServer} that admits only otp-requester certificates,
 * answers each request on a channel with one response from {@link OtpService} until the requester hangs
 * up, and refreshes the keys periodically.
 *
 * <p>A request of a kind outside the OTP request kinds, or an envelope that does not open, ends that one
 * channel (the channel layer's rule); a request that decodes but is refused gets a failure response and
 * the channel goes on.
 */
public final class OtpServer implements Closeable {
    private final ChannelServer server;
    private final ScheduledExecutorService refresher;

    private OtpServer(ChannelServer server, ScheduledExecutorService refresher) {
        this.server = server;
        this.refresher = refresher;
    }

    /**
     * Starts serving on {@code address} (port 0 picks one) and runs {@code refresh} (new keys, a changed
     * ACL; it must not throw) every {@code refreshEvery}.
     */
    public static OtpServer start(InetSocketAddress address, Identity identity, TrustAnchor anchor, Limits limits,
                                  OtpService service, Runnable refresh, Duration refreshEvery) throws IOException {
        ChannelServer server = ChannelServer.start(address, identity, anchor, Set.of(Role.OTP_REQUESTER), limits,
                channel -> serve(channel, service));
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "otp-key-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(refresh, refreshEvery.toMillis(), refreshEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        return new OtpServer(server, refresher);
    }

    private static void serve(SecureChannel channel, OtpService service) throws IOException {
        String requester = channel.peer().name();
        while (true) {
            // EOF here is the requester hanging up between requests: the normal end of a channel.
            SecureChannel.Message request = channel.receive(OtpKinds.REQUESTS);
            OtpResponse response;
            try {
                response = service.handle(requester, request.kind(), request.payload());
            } finally {
                Secrets.wipe(request.payload());
            }
            byte[] body = response.encode();
            try {
                channel.send(response.kind(), body);
            } finally {
                Secrets.wipe(body);
            }
        }
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public int port() {
        return server.port();
    }

    /** Stops accepting and refreshing; running exchanges get the channel server's grace period. */
    @Override
    public void close() {
        refresher.shutdownNow();
        server.close();
    }
}
