package dev.dkg.channel;

import static dev.dkg.channel.ChannelFixture.awaitTrue;
import static dev.dkg.channel.ChannelFixture.client;
import static dev.dkg.channel.ChannelFixture.connect;
import static dev.dkg.channel.ChannelFixture.startServer;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.FrameReader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Throws at least 100,000 hostile frames (random bytes, random and unknown types, zero and oversized
 * lengths, truncated and mutated HELLOs, frames out of order, replayed handshakes and replayed SEALED
 * frames) at a live server, from several threads, and checks that every one ends in a clean rejection
 * within bounded time, that no connection or memory is left behind, and that a good client is then served.
 * The generators live in {@link HandshakeAttacks} so the role servers' fuzz tests throw the same frames.
 */
class ChannelServerFuzzTest {
    private static final int THREADS = 4;
    private static final int MIN_FRAMES = 100_000;
    private static final long SEED = Long.getLong("fuzz.seed", 20240611L);
    private static final int READ_TIMEOUT_MS = 5000;

    private final Logger channelLog = (Logger) LoggerFactory.getLogger("dev.dkg.channel");
    private Level savedLevel;
    private ChannelServer server;
    private final FuzzOutcomes outcomes = new FuzzOutcomes();

    @BeforeEach
    void quietLogs() {
        // One WARN line per refused connection is right in production; 100,000 of them only slow the test.
        savedLevel = channelLog.getLevel();
        channelLog.setLevel(Level.ERROR);
    }

    @AfterEach
    void restore() {
        channelLog.setLevel(savedLevel);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void survivesAHundredThousandHostileFramesThenServesAGoodClient() throws Exception {
        server = startServer(ChannelFixture.fastLimits().withHandshakeDeadline(Duration.ofSeconds(2)),
                ChannelFixture::echo);
        HandshakeAttacks attacks = new HandshakeAttacks(server.address(), client(), Set.of(ErrorCode.AUTHENTICATION),
                outcomes, READ_TIMEOUT_MS, FrameReader.DEFAULT_MAX_LENGTH);
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> runs = new java.util.ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(SEED + t);
            runs.add(pool.submit(() -> {
                while (outcomes.frames() < MIN_FRAMES) {
                    attacks.attack(random);
                }
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(50, TimeUnit.SECONDS)).as("fuzzing finished in time").isTrue();
        for (Future<?> run : runs) {
            run.get();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcomes.frames()).isGreaterThanOrEqualTo(MIN_FRAMES);
        assertThat(outcomes.count(FuzzOutcomes.HANG)).as("connections that got no answer within %d ms", READ_TIMEOUT_MS)
                .isZero();
        assertThat(outcomes.count(FuzzOutcomes.UNEXPECTED)).as("unexpected answers").isZero();
        assertThat(outcomes.count("strict-miss")).as("strict cases that did not get ERROR 1").isZero();
        awaitTrue(() -> server.activeConnections() == 0, Duration.ofSeconds(5), "all connections released");
        // The recording session, the fresh sessions of the replayed-envelope attack, and the good client below.
        assertThat(server.authenticatedConnections()).isEqualTo(outcomes.count("fresh-handshake") + 1);
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth").isLessThan(32L << 20);

        try (SecureChannel good = connect(server, client())) {
            good.send(0x0101, new byte[] {1, 2, 3});
            assertThat(good.receive().payload()).containsExactly(1, 2, 3);
        }
        LoggerFactory.getLogger("dev.dkg.fuzz").info("{} frames in {} ms, outcomes {}", outcomes.frames(),
                took.toMillis(), outcomes.snapshot());
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
