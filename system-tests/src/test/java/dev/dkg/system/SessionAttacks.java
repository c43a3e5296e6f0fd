package dev.dkg.system;

import dev.dkg.channel.FuzzOutcomes;
import dev.dkg.channel.HandshakeAttacks;
import dev.dkg.channel.RawSession;
import dev.dkg.pki.Identity;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.Frame;
import dev.dkg.wire.FrameType;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.Set;

/**
 * Hostile messages inside a genuine session with a valid identity, one session per {@link #attack} call:
 * mutated, truncated, replayed and out-of-order envelopes, kinds the server does not take, frames that do not
 * belong after the handshake, oversized frames, and well-sealed envelopes of the role's own kinds whose
 * bodies are malformed (random, truncated, trailing bytes, huge counts). What counts as the right answer to a
 * malformed body is the role's ({@link Role#judgeMalformed}); everything else must end in one ERROR frame.
 */
final class SessionAttacks {
    /** What one role's server takes from this client and how it must answer. */
    interface Role {
        /** A well-formed message this client may send first: kind and body. */
        Message valid(Random random);

        /** The kinds the server accepts from this client. */
        Set<Integer> kinds();

        /** ERROR codes that may end a session after a valid first message and its replay. */
        Set<ErrorCode> replayEnds();

        /**
         * Whether the server may close a session without an ERROR because a newer session of the same
         * identity replaced it (the dealer keeps one connection per holder name).
         */
        default boolean replacesSessions() {
            return false;
        }

        /**
         * Sends a well-sealed {@code kind} envelope with a malformed body on {@code session} and judges the
         * answer; returns the outcome's name ({@link FuzzOutcomes#UNEXPECTED} when it was wrong).
         */
        String judgeMalformed(RawSession session, int kind, byte[] body, Random random) throws IOException;
    }

    record Message(int kind, byte[] body) {}

    private final InetSocketAddress target;
    private final Identity identity;
    private final Role role;
    private final FuzzOutcomes outcomes;
    private final int readTimeoutMillis;

    SessionAttacks(InetSocketAddress target, Identity identity, Role role, FuzzOutcomes outcomes, int readTimeoutMillis) {
        this.target = target;
        this.identity = identity;
        this.role = role;
        this.outcomes = outcomes;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    void attack(Random random) throws IOException {
        int pick = random.nextInt(8);
        try (RawSession s = RawSession.open(target, identity, readTimeoutMillis)) {
            Message valid = role.valid(random);
            switch (pick) {
                case 0 -> {
                    byte[] e = s.seal(valid.kind(), 0, valid.body());
                    int flips = 1 + random.nextInt(4);
                    for (int i = 0; i < flips; i++) {
                        e[random.nextInt(e.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                    s.sendFrame(FrameType.SEALED, e);
                    expectError(s, "mutated", ErrorCode.PROTOCOL, ErrorCode.AUTHENTICATION);
                }
                case 1 -> {
                    byte[] e = s.seal(valid.kind(), 0, valid.body());
                    byte[] cut = java.util.Arrays.copyOf(e, random.nextInt(e.length));
                    s.sendFrame(FrameType.SEALED, cut);
                    expectError(s, "truncated", ErrorCode.PROTOCOL, ErrorCode.AUTHENTICATION);
                }
                case 2 -> {
                    byte[] e = s.send(valid.kind(), valid.body());
                    s.sendFrame(FrameType.SEALED, e);
                    expectError(s, "replayed", role.replayEnds().toArray(ErrorCode[]::new));
                }
                case 3 -> {
                    s.sendFrame(FrameType.SEALED, s.seal(valid.kind(), 1 + random.nextInt(1000), valid.body()));
                    expectError(s, "out-of-order", ErrorCode.AUTHENTICATION);
                }
                case 4 -> {
                    int kind;
                    do {
                        kind = random.nextInt(0x10000);
                    } while (role.kinds().contains(kind));
                    s.sendFrame(FrameType.SEALED, s.seal(kind, 0, valid.body()));
                    expectError(s, "wrong-kind", ErrorCode.AUTHENTICATION);
                }
                case 5 -> {
                    FrameType[] wrong = {FrameType.HELLO, FrameType.HELLO_REPLY, FrameType.AUTH};
                    s.sendFrame(wrong[random.nextInt(wrong.length)], HandshakeAttacks.randomBytes(random, random.nextInt(300)));
                    expectError(s, "frame-after-handshake", ErrorCode.PROTOCOL);
                }
                case 6 -> {
                    s.sendBytes(new byte[] {(byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 4});
                    expectError(s, "oversized", ErrorCode.PROTOCOL);
                }
                default -> {
                    int kind = valid.kind();
                    String outcome = role.judgeMalformed(s, kind, malformed(valid.body(), random), random);
                    outcomes.record("malformed-body:" + outcome);
                    if (outcome.equals(FuzzOutcomes.UNEXPECTED)) {
                        outcomes.record(FuzzOutcomes.UNEXPECTED);
                    }
                }
            }
            outcomes.frameSent();
        } catch (SocketException e) {
            outcomes.record("reset");
        }
    }

    /** A body derived from a valid one that a strict decoder must refuse (or, rarely, that still decodes). */
    static byte[] malformed(byte[] valid, Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> HandshakeAttacks.randomBytes(random, random.nextInt(300));
            case 1 -> java.util.Arrays.copyOf(valid, valid.length == 0 ? 0 : random.nextInt(valid.length));
            case 2 -> {
                byte[] b = java.util.Arrays.copyOf(valid, valid.length + 1 + random.nextInt(16));
                b[b.length - 1] = (byte) (1 | random.nextInt(256));
                yield b;
            }
            case 3 -> {
                // A huge count or length where the body has a length prefix.
                byte[] b = valid.length < 4 ? new byte[4] : valid.clone();
                int at = random.nextInt(b.length - 3);
                b[at] = (byte) 0xFF;
                b[at + 1] = (byte) 0xFF;
                b[at + 2] = (byte) 0xFF;
                b[at + 3] = (byte) 0xFF;
                yield b;
            }
            default -> {
                byte[] b = valid.length == 0 ? new byte[1] : valid.clone();
                b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                yield b;
            }
        };
    }

    /** Reads until the server closes; the session must end in exactly one ERROR with one of {@code codes}. */
    private void expectError(RawSession s, String what, ErrorCode... codes) {
        String result = finalAnswer(s);
        if (result.equals("eof") && role.replacesSessions()) {
            result = "replaced";
        }
        outcomes.record(what + ":" + result);
        if (result.equals("replaced")) {
            return;
        }
        for (ErrorCode c : codes) {
            if (result.equals("error-" + c.code())) {
                return;
            }
        }
        outcomes.record(result.equals(FuzzOutcomes.HANG) ? FuzzOutcomes.HANG : FuzzOutcomes.UNEXPECTED);
    }

    /**
     * Skips sealed answers (a role may answer the first, valid message) and returns how the session ended:
     * "error-N", "eof", "reset" or "hang".
     */
    static String finalAnswer(RawSession s) {
        try {
            s.socket().shutdownOutput();
            while (true) {
                Frame f = s.readFrame();
                if (f.type() == FrameType.ERROR) {
                    String result = "error-" + ErrorCode.decodeBody(f.body());
                    try {
                        s.readFrame();
                        return FuzzOutcomes.UNEXPECTED;
                    } catch (EOFException e) {
                        return result;
                    } catch (IOException e) {
                        return e instanceof SocketTimeoutException ? FuzzOutcomes.HANG : result;
                    }
                }
                if (f.type() != FrameType.SEALED) {
                    return FuzzOutcomes.UNEXPECTED;
                }
            }
        } catch (EOFException e) {
            return "eof";
        } catch (SocketTimeoutException e) {
            return FuzzOutcomes.HANG;
        } catch (IOException e) {
            return "reset";
        }
    }
}
