package dev.dkg.channel;

import dev.dkg.pki.Identity;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameReader;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.FrameWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.Set;

/**
 * Hostile connections against any server speaking the handshake, one per {@link #attack} call: random bytes,
 * random and unknown frame types, zero and oversized lengths, truncated and mutated HELLOs, frames out of
 * order, replayed handshakes, and SEALED frames replayed from an older session into a fresh one. Each is
 * judged by what the server sends back before it closes (exactly one ERROR frame, or nothing) and recorded
 * in a {@link FuzzOutcomes}; "hang", "unexpected" and "strict-miss" are failures.
 */
public final class HandshakeAttacks {
    private final InetSocketAddress target;
    private final Identity client;
    private final Set<ErrorCode> sessionRefusals;
    private final FuzzOutcomes outcomes;
    private final int readTimeoutMillis;
    private final int maxFrameBytes;
    private final byte[] hello;
    private final byte[] oldHello;
    private final byte[] oldAuth;
    private final byte[] oldSealed;

    /**
     * Records a genuine session with {@code client} to replay and mutate. {@code sessionRefusals} are the
     * ERROR codes a server may answer a fresh, genuine session carrying a replayed envelope with (always
     * AUTHENTICATION; a role server may refuse the identity itself first, e.g. NOT_AUTHORISED).
     */
    public HandshakeAttacks(InetSocketAddress target, Identity client, Set<ErrorCode> sessionRefusals,
                            FuzzOutcomes outcomes, int readTimeoutMillis, int maxFrameBytes) throws IOException {
        this.target = target;
        this.client = client;
        this.sessionRefusals = Set.copyOf(sessionRefusals);
        this.outcomes = outcomes;
        this.readTimeoutMillis = readTimeoutMillis;
        this.maxFrameBytes = maxFrameBytes;
        try (RawSession old = RawSession.open(target, client, readTimeoutMillis)) {
            this.hello = old.hello();
            this.oldHello = old.hello();
            this.oldAuth = old.auth();
            this.oldSealed = old.seal(0x0101, 0, new byte[] {9});
        }
    }

    /** One hostile connection, its outcome recorded. */
    public void attack(Random random) throws IOException {
        int pick = random.nextInt(1000);
        try (Socket s = new Socket()) {
            s.connect(target, readTimeoutMillis);
            s.setSoTimeout(readTimeoutMillis);
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
                long length = maxFrameBytes + 1L + (long) (random.nextDouble() * (0xFFFF_FFFFL - maxFrameBytes - 1));
                out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
                finish(s, true);
            } else if (pick < 480) {
                out.write(new byte[] {0, 0, 0, 0});
                finish(s, true);
            } else if (pick < 580) {
                byte[] frame = FrameWriter.encode(FrameType.HELLO, hello);
                out.write(frame, 0, random.nextInt(frame.length));
                finish(s, true);
            } else if (pick < 880) {
                mutatedHello(s, random);
            } else if (pick < 990) {
                // A valid-looking frame of a type that cannot come first.
                FrameType[] wrong = {FrameType.HELLO_REPLY, FrameType.AUTH, FrameType.SEALED, FrameType.ERROR};
                FrameType type = wrong[random.nextInt(wrong.length)];
                byte[] body = type == FrameType.ERROR ? ErrorCode.PROTOCOL.body() : randomBytes(random, random.nextInt(600));
                out.write(FrameWriter.encode(type, body));
                finish(s, false);
            } else if (pick < 996) {
                replayedHandshake(s);
            } else {
                replayedSealed(s);
            }
        } catch (SocketException e) {
            // A reset while writing: the server refused and closed first, which is a clean rejection.
            outcomes.record("reset");
        }
    }

    /** A HELLO with a few body bytes changed; if the server still accepts it, a garbage AUTH must fail. */
    private void mutatedHello(Socket s, Random random) throws IOException {
        byte[] body = hello.clone();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
        s.getOutputStream().write(FrameWriter.encode(FrameType.HELLO, body));
        outcomes.frameSent();
        Frame reply;
        try {
            reply = new FrameReader(s.getInputStream()).read();
        } catch (SocketTimeoutException e) {
            outcomes.record(FuzzOutcomes.HANG);
            return;
        } catch (IOException e) {
            outcomes.record(e instanceof EOFException ? "eof" : "reset");
            return;
        }
        if (reply.type() == FrameType.ERROR) {
            outcomes.record("error-" + ErrorCode.decodeBody(reply.body()));
            return;
        }
        if (reply.type() != FrameType.HELLO_REPLY) {
            outcomes.record("mutated-hello:reply-" + reply.type());
            outcomes.record(FuzzOutcomes.UNEXPECTED);
            return;
        }
        outcomes.record("hello-reply");
        s.getOutputStream().write(FrameWriter.encode(FrameType.AUTH, new Auth(randomBytes(random, 256)).encode()));
        finishExpecting(s, "mutated-hello", Set.of(ErrorCode.AUTHENTICATION));
    }

    /** A HELLO and AUTH recorded from an earlier session: the new server nonce makes the AUTH worthless. */
    private void replayedHandshake(Socket s) throws IOException {
        s.getOutputStream().write(FrameWriter.encode(FrameType.HELLO, oldHello));
        outcomes.frameSent();
        Frame reply = new FrameReader(s.getInputStream()).read();
        if (reply.type() != FrameType.HELLO_REPLY) {
            outcomes.record("replayed-handshake:reply-" + reply.type());
            outcomes.record(FuzzOutcomes.UNEXPECTED);
            return;
        }
        s.getOutputStream().write(FrameWriter.encode(FrameType.AUTH, oldAuth));
        finishExpecting(s, "replayed-handshake", Set.of(ErrorCode.AUTHENTICATION));
    }

    /**
     * A genuine new session, into which a SEALED frame recorded from an older session is replayed. One at a
     * time across threads: a server that keeps one session per peer name (the dealer) closes the older of two
     * concurrent sessions of {@code client} without an ERROR, which is right for it but not what is tested here.
     */
    private void replayedSealed(Socket s) throws IOException {
        synchronized (oldSealed) {
            RawSession.handshake(s, client);
            outcomes.record("fresh-handshake");
            s.getOutputStream().write(FrameWriter.encode(FrameType.SEALED, oldSealed));
            finishExpecting(s, "replayed-sealed", sessionRefusals);
        }
    }

    private void finish(Socket s, boolean strict) throws IOException {
        outcomes.frameSent();
        s.shutdownOutput();
        String result = drain(s);
        outcomes.record(result);
        if (strict && !result.equals("error-1")) {
            outcomes.record("strict-miss");
        }
    }

    /** Records "{@code what}:result", and a failure unless the server answered one of {@code expected}. */
    private void finishExpecting(Socket s, String what, Set<ErrorCode> expected) throws IOException {
        outcomes.frameSent();
        s.shutdownOutput();
        String result = drain(s);
        outcomes.record(what + ":" + result);
        if (expected.stream().noneMatch(e -> result.equals("error-" + e.code()))) {
            outcomes.record(FuzzOutcomes.UNEXPECTED);
        }
    }

    /** Reads what the server sends until it closes: exactly one ERROR frame, or nothing. */
    static String drain(Socket s) {
        String result = "eof";
        try {
            FrameReader in = new FrameReader(s.getInputStream());
            Frame f = in.read();
            if (f.type() != FrameType.ERROR) {
                return FuzzOutcomes.UNEXPECTED;
            }
            result = "error-" + ErrorCode.decodeBody(f.body());
            in.read();
            return FuzzOutcomes.UNEXPECTED;
        } catch (EOFException e) {
            return result;
        } catch (SocketTimeoutException e) {
            return FuzzOutcomes.HANG;
        } catch (IOException e) {
            return result.equals("eof") ? "reset" : result;
        }
    }

    public static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
