package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.channel.Limits;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpResponse;
import dev.dkg.pki.Identity;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameReader;
import dev.dkg.wire.FrameType;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 500 TCP connections that never start a handshake are opened against a running OTP distributor (a real
 * process with its default limits: 64 sessions, 64 pending handshakes, 10 s handshake deadline) and held,
 * while 32 requesters connect, get the next HOTP code and verify it in a loop for a bounded time. Every
 * working request must be answered (a verdict of accepted or, for a counter another requester's verify already
 * passed, rejected; never an error), and every idle connection must be cut: dropped for a newer one or timed
 * out by the deadline. The same work without idle connections first gives the figures to compare.
 */
class DistributorLoadIT {
    private static final int IDLE = 500;
    private static final int WORKERS = 32;
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("load.seconds", 6));

    @TempDir
    Path dir;

    @Test
    void fiveHundredIdleConnectionsDoNotDisturbThirtyTwoWorkingRequesters() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            Installation inst = new Installation(d);
            String keyId = inst.createOtpKey();
            int port = Deployment.freePort();
            // Replays of a step are expected here; they must not lock the key for the other requesters. The 32
            // working requesters share eve's certificate (one identity keeps the fixture small), so the cap on one
            // certificate's sessions (default 8) is raised to 2 x WORKERS: a session a requester has just closed is
            // still counted until the distributor reads the close, while the same requester's next one arrives.
            // The 64-session cap itself stays the default.
            RoleProcess distributor = inst.startDistributor(port, "--max-failures", "1000",
                    "--max-sessions-per-requester", String.valueOf(2 * WORKERS));
            Identity eve = inst.identity("eve");
            TrustAnchor trust = inst.trust();

            Work baseline = work(port, eve, trust, keyId);
            System.out.println("load: without idle connections: " + baseline);

            List<Socket> idle = new ArrayList<>();
            long openStart = System.nanoTime();
            for (int i = 0; i < IDLE; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                idle.add(s);
            }
            long openedAt = System.nanoTime();
            long openedMillis = (openedAt - openStart) / 1_000_000;
            Work loaded = work(port, eve, trust, keyId);
            // Idle connections not displaced by newer ones are cut by the handshake deadline: judge them after it.
            long judgeAt = openedAt + Limits.defaults().handshakeDeadline().plusSeconds(2).toNanos();
            long wait = judgeAt - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }

            Map<String, Integer> idleEnds = new TreeMap<>();
            for (Socket s : idle) {
                idleEnds.merge(howItEnded(s), 1, Integer::sum);
                s.close();
            }
            System.out.println("load: with " + IDLE + " idle connections (opened in " + openedMillis + " ms): " + loaded
                    + "; idle connections ended: " + idleEnds);

            assertThat(baseline.errors()).as("errors seen by working requesters without idle connections").isEmpty();
            assertThat(loaded.errors()).as("errors seen by working requesters").isEmpty();
            assertThat(loaded.accepted()).as("codes accepted").isPositive();
            assertThat(idleEnds.getOrDefault("still-open", 0)).as("idle connections never cut").isZero();
            assertThat(distributor.isAlive()).isTrue();
        }
    }

    /** What the working requesters achieved in one run. */
    record Work(long accepted, long rejected, long[] sortedMicros, Map<String, LongAdder> errors) {
        @Override
        public String toString() {
            long n = accepted + rejected;
            return String.format("%d requesters for %d s: %d connect+get+verify exchanges (%.1f/s), %d accepted,"
                            + " %d rejected, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; errors %s", WORKERS,
                    RUN.toSeconds(), n, n / (double) RUN.toSeconds(), accepted, rejected, pct(sortedMicros, 0.50),
                    pct(sortedMicros, 0.99), sortedMicros.length == 0 ? 0 : sortedMicros[sortedMicros.length - 1] / 1000.0,
                    errors);
        }
    }

    /**
     * WORKERS requesters, each connecting, getting the next HOTP code and verifying it, in a loop for RUN.
     * HOTP, because TOTP allows one accepted code per time step: with 32 requesters on one key nearly every
     * verify would be a refused replay, and a run of refusals locks the key.
     */
    private static Work work(int port, Identity me, TrustAnchor trust, String keyId) throws Exception {
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        LongAdder accepted = new LongAdder();
        LongAdder rejected = new LongAdder();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + RUN.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> runs = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            runs.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try (OtpClient client = OtpClient.connect("127.0.0.1", port, me, trust, "distributor",
                            Duration.ofSeconds(30))) {
                        OtpResponse.Code code = client.get(keyId, OtpMode.HOTP);
                        OtpResponse.Verdict verdict = client.verify(keyId, OtpMode.HOTP, code.code());
                        (verdict.outcome() == OtpResponse.Outcome.ACCEPTED ? accepted : rejected).increment();
                    } catch (Exception e) {
                        errors.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(),
                                k -> new LongAdder()).increment();
                    }
                    latencies.add((System.nanoTime() - start) / 1000);
                }
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(RUN.toSeconds() + 120, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : runs) {
            f.get();
        }
        return new Work(accepted.sum(), rejected.sum(), latencies.stream().mapToLong(Long::longValue).sorted().toArray(),
                errors);
    }

    /** "dropped" (closed, nothing sent), "error-N" (one ERROR frame then close) or "still-open". */
    private static String howItEnded(Socket s) throws IOException {
        s.setSoTimeout(200);
        try {
            Frame f = new FrameReader(s.getInputStream()).read();
            return f.type() == FrameType.ERROR ? "error-" + ErrorCode.decodeBody(f.body()) : "unexpected-" + f.type();
        } catch (EOFException e) {
            return "dropped";
        } catch (SocketTimeoutException e) {
            return "still-open";
        } catch (IOException e) {
            return "reset";
        }
    }

    private static double pct(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return 0;
        }
        return sortedMicros[(int) Math.min(sortedMicros.length - 1, Math.floor(p * sortedMicros.length))] / 1000.0;
    }
}
