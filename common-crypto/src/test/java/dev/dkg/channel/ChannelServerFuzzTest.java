package dev.dkg.channel;

import static dev.dkg.channel.ChannelFixture.awaitTrue;
import static dev.dkg.channel.ChannelFixture.client;
import static dev.dkg.channel.ChannelFixture.connect;
import static dev.dkg.channel.ChannelFixture.der;
import static dev.dkg.channel.ChannelFixture.startServer;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.RsaPss;
import dev.dkg.pki.Identity;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameReader;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.FrameWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Throws at least 100,000 hostile frames (random bytes, random and unknown types, zero and oversized
 * lengths, truncated and mutated HELLOs, frames out of order, replayed handshakes and replayed SEALED
 * frames) at a live server, from several threads, and checks that every one ends in a clean rejection
 * within bounded time, that no connection or memory is left behind, and that a good client is then served.
 */
class ChannelServerFuzzTest {
    private static final int THREADS = 4;
    private static final int MIN_FRAMES = 100_000;
    private static final long SEED = Long.getLong("fuzz.seed", 20240611L);
    private static final int READ_TIMEOUT_MS = 5000;

    private final Logger channelLog = (Logger) LoggerFactory.getLogger("dev.dkg.channel");
    private Level savedLevel;
    private ChannelServer server;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LongAdder frames = new LongAdder();

    /** Bytes recorded from genuine exchanges, to replay and mutate. */
    private record Corpus(byte[] hello, byte[] oldHello, byte[] oldAuth, byte[] oldSealed) {}

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
        Corpus corpus = record();
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> runs = new java.util.ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(SEED + t);
            runs.add(pool.submit(() -> {
                while (frames.sum() < MIN_FRAMES) {
                    attack(random, corpus);
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

        assertThat(frames.sum()).isGreaterThanOrEqualTo(MIN_FRAMES);
        assertThat(count("hang")).as("connections that got no answer within %d ms", READ_TIMEOUT_MS).isZero();
        assertThat(count("unexpected")).as("unexpected answers").isZero();
        assertThat(count("strict-miss")).as("strict cases that did not get ERROR 1").isZero();
        awaitTrue(() -> server.activeConnections() == 0, Duration.ofSeconds(5), "all connections released");
        assertThat(server.authenticatedConnections()).isEqualTo(count("fresh-handshake") + 1);
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth").isLessThan(32L << 20);

        try (SecureChannel good = connect(server, client())) {
            good.send(0x0101, new byte[] {1, 2, 3});
            assertThat(good.receive().payload()).containsExactly(1, 2, 3);
        }
        LoggerFactory.getLogger("dev.dkg.fuzz").info("{} frames in {} ms, outcomes {}", frames.sum(), took.toMillis(),
                new TreeMap<>(outcomes));
    }

    private void attack(Random random, Corpus corpus) throws Exception {
        int pick = random.nextInt(1000);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            s.setSoLinger(true, 0);
            OutputStream out = s.getOutputStream();
            if (pick < 200) {
                out.write(randomBytes(random, 1 + random.nextInt(48)));
                finish(s, false);
            } else if (pick < 330) {
                // A well-formed frame header with a random type byte and body.
                byte[] frame = FrameWriter.encode(FrameType.SEALED, randomBytes(random, random.nextInt(200)));
                frame[4] = (byte) random.nextInt(256);
                out.write(frame);
                finish(s, frame[4] < 1 || frame[4] > 5);
            } else if (pick < 430) {
                long length = FrameReader.DEFAULT_MAX_LENGTH + 1L
                        + (long) (random.nextDouble() * (0xFFFF_FFFFL - FrameReader.DEFAULT_MAX_LENGTH - 1));
                out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
                finish(s, true);
            } else if (pick < 480) {
                out.write(new byte[] {0, 0, 0, 0});
                finish(s, true);
            } else if (pick < 580) {
                byte[] hello = FrameWriter.encode(FrameType.HELLO, corpus.hello());
                out.write(hello, 0, random.nextInt(hello.length));
                finish(s, true);
            } else if (pick < 880) {
                mutatedHello(s, random, corpus);
            } else if (pick < 990) {
                // A valid-looking frame of a type that cannot come first.
                FrameType[] wrong = {FrameType.HELLO_REPLY, FrameType.AUTH, FrameType.SEALED, FrameType.ERROR};
                FrameType type = wrong[random.nextInt(wrong.length)];
                byte[] body = type == FrameType.ERROR ? ErrorCode.PROTOCOL.body() : randomBytes(random, random.nextInt(600));
                out.write(FrameWriter.encode(type, body));
                finish(s, false);
            } else if (pick < 996) {
                replayedHandshake(s, corpus);
            } else {
                replayedSealed(s, corpus);
            }
        } catch (SocketException e) {
            // A reset while writing: the server refused and closed first, which is a clean rejection.
            outcome("reset");
        }
    }

    /** A HELLO with a few body bytes changed; if the server still accepts it, a garbage AUTH must fail. */
    private void mutatedHello(Socket s, Random random, Corpus corpus) throws IOException {
        byte[] body = corpus.hello().clone();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
        s.getOutputStream().write(FrameWriter.encode(FrameType.HELLO, body));
        frames.increment();
        FrameReader in = new FrameReader(s.getInputStream());
        Frame reply;
        try {
            reply = in.read();
        } catch (SocketTimeoutException e) {
            outcome("hang");
            return;
        } catch (IOException e) {
            outcome(e instanceof EOFException ? "eof" : "reset");
            return;
        }
        if (reply.type() == FrameType.ERROR) {
            outcome("error-" + ErrorCode.decodeBody(reply.body()));
            return;
        }
        if (reply.type() != FrameType.HELLO_REPLY) {
            outcome("unexpected");
            return;
        }
        outcome("hello-reply");
        s.getOutputStream().write(FrameWriter.encode(FrameType.AUTH, new Auth(randomBytes(random, 256)).encode()));
        finishExpecting(s, ErrorCode.AUTHENTICATION);
    }

    /** A HELLO and AUTH recorded from an earlier session: the new server nonce makes the AUTH worthless. */
    private void replayedHandshake(Socket s, Corpus corpus) throws IOException {
        s.getOutputStream().write(FrameWriter.encode(FrameType.HELLO, corpus.oldHello()));
        frames.increment();
        Frame reply = new FrameReader(s.getInputStream()).read();
        if (reply.type() != FrameType.HELLO_REPLY) {
            outcome("unexpected");
            return;
        }
        s.getOutputStream().write(FrameWriter.encode(FrameType.AUTH, corpus.oldAuth()));
        finishExpecting(s, ErrorCode.AUTHENTICATION);
    }

    /** A genuine new session, into which a SEALED frame recorded from an older session is replayed. */
    private void replayedSealed(Socket s, Corpus corpus) throws Exception {
        handshakeRaw(s);
        outcome("fresh-handshake");
        s.getOutputStream().write(FrameWriter.encode(FrameType.SEALED, corpus.oldSealed()));
        finishExpecting(s, ErrorCode.AUTHENTICATION);
    }

    private void finish(Socket s, boolean strict) throws IOException {
        frames.increment();
        s.shutdownOutput();
        String result = drain(s);
        outcome(result);
        if (strict && !result.equals("error-1")) {
            outcome("strict-miss");
        }
    }

    private void finishExpecting(Socket s, ErrorCode expected) throws IOException {
        frames.increment();
        s.shutdownOutput();
        String result = drain(s);
        outcome(result);
        if (!result.equals("error-" + expected.code())) {
            outcome("unexpected");
        }
    }

    /** Reads what the server sends until it closes: exactly one ERROR frame, or nothing. */
    private static String drain(Socket s) {
        String result = "eof";
        try {
            FrameReader in = new FrameReader(s.getInputStream());
            Frame f = in.read();
            if (f.type() != FrameType.ERROR) {
                return "unexpected";
            }
            result = "error-" + ErrorCode.decodeBody(f.body());
            in.read();
            return "unexpected";
        } catch (EOFException e) {
            return result;
        } catch (SocketTimeoutException e) {
            return "hang";
        } catch (IOException e) {
            return result.equals("eof") ? "reset" : result;
        }
    }

    /** What a client sent in a genuine handshake, and the session it established. */
    private record Session(byte[] hello, byte[] auth, byte[] sessionId) {}

    /** Client side of the handshake by hand. */
    private static Session handshakeRaw(Socket s) throws Exception {
        Identity me = client();
        byte[] hello = new Hello(Hello.PROTOCOL_VERSION, me.role().label(), der(me.chain()), new byte[32]).encode();
        s.getOutputStream().write(FrameWriter.encode(FrameType.HELLO, hello));
        Frame reply = new FrameReader(s.getInputStream()).read();
        byte[] auth = new Auth(RsaPss.sign(me.privateKey(), Transcript.clientSigned(hello, reply.body()))).encode();
        s.getOutputStream().write(FrameWriter.encode(FrameType.AUTH, auth));
        return new Session(hello, auth, Transcript.sessionId(hello, reply.body(), auth));
    }

    private Corpus record() throws Exception {
        Identity me = client();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            Session session = handshakeRaw(s);
            byte[] sealed = Envelope.seal(0x0101, session.sessionId(), 0, me.privateKey(), me.publicKey(),
                    List.of(ChannelFixture.server().publicKey()), new byte[] {9});
            s.getOutputStream().write(FrameWriter.encode(FrameType.SEALED, sealed));
            Frame echoed = new FrameReader(s.getInputStream()).read();
            assertThat(echoed.type()).isEqualTo(FrameType.SEALED);
            return new Corpus(session.hello(), session.hello(), session.auth(), sealed);
        }
    }

    private void outcome(String name) {
        outcomes.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    private long count(String name) {
        LongAdder a = outcomes.get(name);
        return a == null ? 0 : a.sum();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
