package dev.dkg.holder;

import dev.dkg.channel.ChannelException;
import dev.dkg.channel.PeerRejectedException;
import dev.dkg.channel.SecureChannel;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.wire.ErrorCode;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a holder connected to its dealer: connects, serves the dealer's requests, and when the connection
 * drops (the dealer restarted, or runs one command at a time) reconnects with back-off doubling from
 * 0.5 s to 5 s. A dealer whose certificate does not validate, or that refuses this holder's, ends the loop:
 * retrying cannot fix a certificate.
 */
final class DealerLink {
    private static final Logger log = LoggerFactory.getLogger(DealerLink.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration HEARTBEAT = Duration.ofSeconds(60);

    private final String host;
    private final int port;
    private final Identity me;
    private final TrustAnchor trust;
    private final String dealerName;
    private final HolderSession session;
    private final PrintWriter events;
    private volatile boolean stopped;
    private volatile SecureChannel current;

    /** {@code dealerName}: the dealer's certificate name this holder insists on, or null to take any dealer. */
    DealerLink(String host, int port, Identity me, TrustAnchor trust, String dealerName, HolderSession session,
               PrintWriter events) {
        this.host = host;
        this.port = port;
        this.me = me;
        this.trust = trust;
        this.dealerName = dealerName;
        this.session = session;
        this.events = events;
    }

    private void event(String line) {
        events.println(line);
        events.flush();
    }

    /** Runs until {@link #stop()} or a certificate problem (CliException, exit code 3). */
    void run() throws InterruptedException {
        ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "holder-heartbeat");
            t.setDaemon(true);
            return t;
        });
        Duration backoff = FIRST_BACKOFF;
        boolean reportedDown = false;
        try {
            while (!stopped) {
                SecureChannel channel;
                try {
                    channel = SecureChannel.connect(host, port, me, trust, Set.of(Role.DEALER), dealerName,
                            CONNECT_TIMEOUT);
                } catch (PeerRejectedException e) {
                    if (e.code() == ErrorCode.AUTHENTICATION || e.code() == ErrorCode.NOT_AUTHORISED) {
                        throw new CliException(ExitCode.VERIFICATION, "the dealer at " + host + ":" + port
                                + " refused this holder's certificate (" + e.getMessage() + ")",
                                "is the holder's certificate from the dealer's CA, current, and for role share-holder?");
                    }
                    reportedDown = reportDown(reportedDown, e.getMessage());
                    backoff = sleep(backoff);
                    continue;
                } catch (ChannelException e) {
                    if (e.code() == ErrorCode.AUTHENTICATION || e.code() == ErrorCode.NOT_AUTHORISED) {
                        throw new CliException(ExitCode.VERIFICATION, "the dealer at " + host + ":" + port
                                + " did not prove a valid dealer identity" + (dealerName == null ? "" : " named '"
                                + dealerName + "'") + ": " + e.getMessage());
                    }
                    reportedDown = reportDown(reportedDown, e.getMessage());
                    backoff = sleep(backoff);
                    continue;
                } catch (IOException e) {
                    reportedDown = reportDown(reportedDown, e.toString());
                    backoff = sleep(backoff);
                    continue;
                }
                reportedDown = false;
                backoff = FIRST_BACKOFF;
                current = channel;
                event("connected to dealer '" + channel.peer().name() + "' at " + host + ":" + port);
                ScheduledFuture<?> beat = heart.scheduleAtFixedRate(() -> beat(channel), HEARTBEAT.toMillis(),
                        HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    session.serve(channel);
                } catch (EOFException e) {
                    log.debug("dealer closed the connection");
                } catch (IOException e) {
                    log.warn("connection to the dealer ended: {}", e.getMessage());
                } finally {
                    beat.cancel(false);
                    channel.close();
                    current = null;
                }
                if (!stopped) {
                    event("dealer connection closed; reconnecting");
                    backoff = sleep(backoff);
                }
            }
        } finally {
            heart.shutdownNow();
        }
    }

    private boolean reportDown(boolean already, String why) {
        if (!already) {
            event("dealer at " + host + ":" + port + " not reachable; retrying every " + MAX_BACKOFF.toSeconds()
                    + " s at most");
        }
        log.debug("connecting to the dealer: {}", why);
        return true;
    }

    private static Duration sleep(Duration backoff) throws InterruptedException {
        Thread.sleep(backoff.toMillis());
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private static void beat(SecureChannel channel) {
        try {
            channel.send(SharingKinds.HEARTBEAT, new byte[0]);
        } catch (IOException e) {
            log.debug("heartbeat not sent: {}", e.toString());
        }
    }

    void stop() {
        stopped = true;
        SecureChannel c = current;
        if (c != null) {
            c.close();
        }
    }
}
