package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.channel.FuzzOutcomes;
import dev.dkg.channel.HandshakeAttacks;
import dev.dkg.channel.PeerRejectedException;
import dev.dkg.channel.RawSession;
import dev.dkg.channel.SecureChannel;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.RoundOpen;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.otp.protocol.OtpKinds;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpRequest;
import dev.dkg.otp.protocol.OtpResponse;
import dev.dkg.otp.protocol.OtpStatus;
import dev.dkg.pki.Identity;
import dev.dkg.sharing.SharingKinds;
import dev.dkg.wire.ErrorCode;
import dev.dkg.wire.FrameReader;
import dev.dkg.wire.FrameType;
import dev.dkg.wire.WireFormatException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes each network server as a real process (keygen-server, otp-distributor, dealer) for a bounded time:
 * the channel-level generators of {@link HandshakeAttacks} before and inside the handshake from several
 * threads, and {@link SessionAttacks} after genuine handshakes (plus, for keygen, attacks at each stage of a
 * real round). Passes when nothing hung, every rejection was one ERROR frame or a clean close (or the role's
 * documented answer), the server is still alive with bounded memory, and a good client is then served.
 *
 * <p>{@code -Dfuzz.seconds=N} sets the time per server (default 5), {@code -Dfuzz.seed=S} the seed;
 * {@code scripts/fuzz.sh} runs this with longer times. A summary goes to target/fuzz-report.txt.
 */
class ServerFuzzIT {
    static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    static final Duration TIME = Duration.ofSeconds(Long.getLong("fuzz.seconds", 5));
    private static final int THREADS = 3;
    private static final int READ_TIMEOUT_MS = 10_000;
    /** A server process's resident memory may not exceed this after fuzzing (the JVM's heap is sized by default). */
    private static final long RSS_LIMIT_BYTES = 768L << 20;

    @TempDir
    Path dir;

    @Test
    void keygenServerSurvivesFuzzingThenRunsARound() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            Installation inst = new Installation(d);
            int port = Deployment.freePort();
            RoleProcess server = inst.startKeygenServer(port);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            FuzzOutcomes outcomes = new FuzzOutcomes();
            HandshakeAttacks handshakes = new HandshakeAttacks(target, inst.identity("mallory"),
                    Set.of(ErrorCode.AUTHENTICATION, ErrorCode.NOT_AUTHORISED), outcomes, READ_TIMEOUT_MS,
                    FrameReader.DEFAULT_MAX_LENGTH);
            List<Identity> listed = new ArrayList<>();
            for (String name : Installation.KEYGEN_CLIENTS) {
                listed.add(inst.identity(name));
            }
            KeygenLobby lobby = new KeygenLobby();
            fuzz(outcomes, handshakes, random -> {
                if (random.nextInt(4) == 0) {
                    roundAttack(target, listed, random, outcomes);
                } else {
                    Identity who = listed.get(random.nextInt(listed.size()));
                    new SessionAttacks(target, who, lobby, outcomes, READ_TIMEOUT_MS).attack(random);
                }
            });

            checkServer(server, outcomes, "keygen-server");
            Map<String, String> receipt = inst.keygenRound(port);
            assertThat(inst.listedKeys()).contains(receipt.get("key-id"));
            report("keygen-server", outcomes, server);
        }
    }

    @Test
    void otpDistributorSurvivesFuzzingThenServesAGetAndVerify() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            Installation inst = new Installation(d);
            String keyId = inst.createOtpKey();
            int port = Deployment.freePort();
            RoleProcess server = inst.startDistributor(port);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            FuzzOutcomes outcomes = new FuzzOutcomes();
            HandshakeAttacks handshakes = new HandshakeAttacks(target, inst.identity("oscar"),
                    Set.of(ErrorCode.AUTHENTICATION), outcomes, READ_TIMEOUT_MS, FrameReader.DEFAULT_MAX_LENGTH);
            Identity oscar = inst.identity("oscar");
            fuzz(outcomes, handshakes, random -> new SessionAttacks(target, oscar, new OtpRequests(keyId), outcomes,
                    READ_TIMEOUT_MS).attack(random));

            checkServer(server, outcomes, "otp-distributor");
            RoleProcess get = d.runOk("otp-requester", requester(inst, port, "get", keyId));
            String code = get.stdout().substring(0, get.stdout().indexOf(' '));
            RoleProcess verify = d.runOk("otp-requester", requester(inst, port, "verify", keyId, code));
            assertThat(verify.stdout()).isEqualTo("accepted");
            report("otp-distributor", outcomes, server);
        }
    }

    @Test
    void dealerSurvivesFuzzingThenShowsAConnectedHolder() throws Exception {
        try (Deployment d = new Deployment(dir)) {
            Installation inst = new Installation(d);
            int port = Deployment.freePort();
            RoleProcess dealer = inst.startDealer(port);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            FuzzOutcomes outcomes = new FuzzOutcomes();
            // The dealer keeps one connection per holder name: the handshake attacks get a name of their own.
            HandshakeAttacks handshakes = new HandshakeAttacks(target, inst.identity("kim"),
                    Set.of(ErrorCode.AUTHENTICATION), outcomes, READ_TIMEOUT_MS, FrameReader.DEFAULT_MAX_LENGTH);
            List<Identity> holders = List.of(inst.identity("ivan"), inst.identity("judy"));
            fuzz(outcomes, handshakes, random -> new SessionAttacks(target, holders.get(random.nextInt(holders.size())),
                    new HolderMessages(), outcomes, READ_TIMEOUT_MS).attack(random));

            checkServer(dealer, outcomes, "dealer");
            inst.startHolder("hana", port);
            dealer.awaitOut("holder 'hana' connected", Installation.WAIT);
            dealer.type("4\n");
            dealer.awaitOut("1 holder connected: hana$", Installation.WAIT);
            report("dealer", outcomes, dealer);
            dealer.type("0\n");
            assertThat(dealer.awaitExit(Installation.WAIT)).as(dealer.transcript()).isZero();
        }
    }

    // ------------------------------------------------------------------ driving

    interface SessionAttack {
        void run(Random random) throws Exception;
    }

    /** THREADS threads of handshake attacks and one of session attacks, each with its own seeded Random, for TIME. */
    private static void fuzz(FuzzOutcomes outcomes, HandshakeAttacks handshakes, SessionAttack session)
            throws Exception {
        System.out.println("fuzz: seed " + SEED + ", " + TIME.toSeconds() + " s");
        long end = System.nanoTime() + TIME.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(SEED + t);
            runs.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    handshakes.attack(random);
                }
                return null;
            }));
        }
        Random sessionRandom = new Random(SEED + THREADS);
        runs.add(pool.submit(() -> {
            while (System.nanoTime() < end) {
                session.run(sessionRandom);
            }
            return null;
        }));
        pool.shutdown();
        assertThat(pool.awaitTermination(TIME.toSeconds() + 60, TimeUnit.SECONDS)).as("fuzzing ended in time").isTrue();
        for (Future<?> run : runs) {
            run.get();
        }
    }

    private static void checkServer(RoleProcess server, FuzzOutcomes outcomes, String name) throws Exception {
        assertThat(server.isAlive()).as(name + " alive after fuzzing\n" + server.transcript()).isTrue();
        assertThat(outcomes.count(FuzzOutcomes.HANG)).as("no answer within %d ms: %s", READ_TIMEOUT_MS,
                outcomes.snapshot()).isZero();
        assertThat(outcomes.failures()).as("wrong answers: %s", outcomes.snapshot()).isZero();
        assertThat(rss(server.pid())).as(name + " resident memory").isLessThan(RSS_LIMIT_BYTES);
        assertThat(server.stderr()).doesNotContain("OutOfMemoryError").doesNotContain("Exception in thread");
    }

    /** Resident memory of a process in bytes, from /proc (Linux). */
    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    private void report(String name, FuzzOutcomes outcomes, RoleProcess server) throws IOException {
        String line = String.format("%s: seed %d, %d s, %d hostile frames/messages, rss %d MiB, outcomes %s", name, SEED,
                TIME.toSeconds(), outcomes.frames(), rss(server.pid()) >> 20, outcomes.snapshot());
        System.out.println("fuzz: " + line);
        Path report = Path.of(System.getProperty("project.root"), "system-tests", "target", "fuzz-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String[] requester(Installation inst, int port, String... command) {
        List<String> args = new ArrayList<>(inst.deployment().identityArgs("eve"));
        args.addAll(List.of("--server", "127.0.0.1:" + port));
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    // ------------------------------------------------------------------ keygen

    /**
     * A client alone in the lobby: any keygen message before its round opens is refused with ERROR protocol.
     * A name may still be in the lobby from the previous session for a moment: NOT_AUTHORISED is clean too.
     */
    static final class KeygenLobby implements SessionAttacks.Role {
        @Override
        public SessionAttacks.Message valid(Random random) {
            return new SessionAttacks.Message(KeygenMessages.COMMIT, HandshakeAttacks.randomBytes(random, 32));
        }

        @Override
        public Set<Integer> kinds() {
            return KeygenMessages.FROM_CLIENT;
        }

        @Override
        public Set<ErrorCode> replayEnds() {
            return Set.of(ErrorCode.PROTOCOL, ErrorCode.AUTHENTICATION, ErrorCode.NOT_AUTHORISED);
        }

        @Override
        public String judgeMalformed(RawSession s, int kind, byte[] body, Random random) throws IOException {
            s.send(random.nextBoolean() ? KeygenMessages.COMMIT : KeygenMessages.REVEAL, body);
            String end = SessionAttacks.finalAnswer(s);
            return end.equals("error-1") || end.equals("error-3") ? "refused-" + end : FuzzOutcomes.UNEXPECTED;
        }
    }

    /**
     * The three listed clients open a genuine round; one of them (the culprit) breaks it at a random stage:
     * malformed COMMIT or REVEAL bodies, a REVEAL before the commitment list, a COMMIT twice, a mismatching
     * reveal, an envelope from the wrong session position. Everyone must get ROUND_ABORTED naming exactly the
     * culprit (the culprit itself may instead get ERROR and a close), and no key may be stored.
     */
    private static void roundAttack(InetSocketAddress target, List<Identity> clients, Random random, FuzzOutcomes outcomes)
            throws Exception {
        List<RawSession> sessions = new ArrayList<>();
        try {
            for (Identity c : clients) {
                sessions.add(RawSession.open(target, c, READ_TIMEOUT_MS));
            }
            List<RoundOpen> opens = new ArrayList<>();
            for (RawSession s : sessions) {
                SecureChannel.Message m = s.receive(KeygenMessages.FROM_SERVER);
                if (m.kind() != KeygenMessages.ROUND_OPEN) {
                    outcomes.record(FuzzOutcomes.UNEXPECTED);
                    return;
                }
                opens.add(RoundOpen.decode(m.payload()));
            }
            int culprit = random.nextInt(sessions.size());
            int stage = random.nextInt(6);
            byte[][] contributions = new byte[sessions.size()][];
            for (int i = 0; i < sessions.size(); i++) {
                contributions[i] = HandshakeAttacks.randomBytes(random, 32);
                byte[] commitment = RoundTranscript.commitment(opens.get(i).roundId(), clients.get(i).name(),
                        contributions[i]);
                RawSession s = sessions.get(i);
                if (i != culprit || stage >= 3) {
                    s.send(KeygenMessages.COMMIT, commitment);
                    continue;
                }
                switch (stage) {
                    case 0 -> s.send(KeygenMessages.COMMIT, notThirtyTwoBytes(SessionAttacks.malformed(commitment, random)));
                    case 1 -> s.send(KeygenMessages.REVEAL, contributions[i]);
                    default -> {
                        s.send(KeygenMessages.COMMIT, commitment);
                        s.send(KeygenMessages.COMMIT, commitment);
                    }
                }
            }
            if (stage >= 3) {
                for (RawSession s : sessions) {
                    if (s.receive(KeygenMessages.FROM_SERVER).kind() != KeygenMessages.COMMITMENTS) {
                        outcomes.record(FuzzOutcomes.UNEXPECTED);
                        return;
                    }
                }
                for (int i = 0; i < sessions.size(); i++) {
                    RawSession s = sessions.get(i);
                    if (i != culprit) {
                        s.send(KeygenMessages.REVEAL, contributions[i]);
                    } else if (stage == 3) {
                        s.send(KeygenMessages.REVEAL, SessionAttacks.malformed(contributions[i], random));
                    } else if (stage == 4) {
                        s.send(KeygenMessages.REVEAL, HandshakeAttacks.randomBytes(random, 32));
                    } else {
                        // Sequence number reused: the channel layer refuses it before the round sees it.
                        s.sendFrame(FrameType.SEALED, s.seal(KeygenMessages.REVEAL, 0, contributions[i]));
                    }
                }
            }
            String culpritName = clients.get(culprit).name();
            for (int i = 0; i < sessions.size(); i++) {
                String result = abortSeen(sessions.get(i), culpritName, i == culprit);
                outcomes.record("round-stage-" + stage + ":" + result);
                if (result.equals(FuzzOutcomes.UNEXPECTED) || result.equals(FuzzOutcomes.HANG)) {
                    outcomes.record(result);
                }
            }
            outcomes.frameSent();
        } catch (PeerRejectedException e) {
            // A name still in the lobby from the previous session: the server refused it, cleanly.
            outcomes.record("round-not-opened:error-" + e.code().code());
            if (e.code() != ErrorCode.NOT_AUTHORISED) {
                outcomes.record(FuzzOutcomes.UNEXPECTED);
            }
        } finally {
            for (RawSession s : sessions) {
                s.close();
            }
        }
    }

    /** A malformed value that cannot pass as a well-formed one by chance. */
    private static byte[] notThirtyTwoBytes(byte[] b) {
        return b.length == 32 ? java.util.Arrays.copyOf(b, 33) : b;
    }

    /** "aborted" if ROUND_ABORTED names exactly the culprit; the culprit may get ERROR instead. */
    private static String abortSeen(RawSession s, String culprit, boolean isCulprit) {
        try {
            SecureChannel.Message m = s.receive(KeygenMessages.FROM_SERVER);
            if (m.kind() == KeygenMessages.COMMITMENTS) {
                // A second COMMIT from the last committer arrives after the list went out.
                m = s.receive(KeygenMessages.FROM_SERVER);
            }
            if (m.kind() != KeygenMessages.ROUND_ABORTED) {
                return FuzzOutcomes.UNEXPECTED;
            }
            RoundAborted aborted = RoundAborted.decode(m.payload());
            return aborted.culprits().equals(List.of(culprit)) ? "aborted-" + aborted.reason().name().toLowerCase()
                    : FuzzOutcomes.UNEXPECTED;
        } catch (PeerRejectedException e) {
            return isCulprit ? "culprit-error-" + e.code().code() : FuzzOutcomes.UNEXPECTED;
        } catch (java.net.SocketTimeoutException e) {
            return FuzzOutcomes.HANG;
        } catch (IOException e) {
            return isCulprit ? "culprit-closed" : FuzzOutcomes.UNEXPECTED;
        }
    }

    // ------------------------------------------------------------------ otp

    /**
     * OTP requests: a malformed body gets a FAILURE response (bad request, or the refusal a body that still
     * decodes earns) and the channel goes on serving. Verify is only ever aimed at a key that does not exist,
     * so fuzzing cannot lock the real key.
     */
    static final class OtpRequests implements SessionAttacks.Role {
        private final String keyId;

        OtpRequests(String keyId) {
            this.keyId = keyId;
        }

        @Override
        public SessionAttacks.Message valid(Random random) {
            OtpRequest r = switch (random.nextInt(3)) {
                case 0 -> new OtpRequest.ListKeys();
                case 1 -> new OtpRequest.Get(keyId, random.nextBoolean() ? OtpMode.TOTP : OtpMode.HOTP);
                default -> new OtpRequest.Verify("no-such-key", OtpMode.TOTP, "123456");
            };
            return new SessionAttacks.Message(r.kind(), r.encode());
        }

        @Override
        public Set<Integer> kinds() {
            return OtpKinds.REQUESTS;
        }

        @Override
        public Set<ErrorCode> replayEnds() {
            return Set.of(ErrorCode.AUTHENTICATION);
        }

        @Override
        public String judgeMalformed(RawSession s, int kind, byte[] body, Random random) throws IOException {
            s.send(kind, body);
            SecureChannel.Message answer = s.receive(OtpKinds.responsesTo(kind));
            String outcome;
            try {
                OtpResponse response = OtpResponse.decode(answer.kind(), answer.payload());
                if (response instanceof OtpResponse.Failure f) {
                    if (f.status() == OtpStatus.BAD_REQUEST || f.status() == OtpStatus.UNKNOWN_KEY
                            || f.status() == OtpStatus.DENIED || f.status() == OtpStatus.MALFORMED_CODE) {
                        outcome = "failure-" + f.status().name().toLowerCase();
                    } else {
                        return FuzzOutcomes.UNEXPECTED;
                    }
                } else {
                    outcome = "still-decoded";
                }
            } catch (WireFormatException e) {
                return FuzzOutcomes.UNEXPECTED;
            }
            s.send(OtpKinds.LIST, new OtpRequest.ListKeys().encode());
            if (s.receive(OtpKinds.responsesTo(OtpKinds.LIST)).kind() != OtpKinds.KEY_LIST) {
                return FuzzOutcomes.UNEXPECTED;
            }
            return SessionAttacks.finalAnswer(s).equals("eof") ? outcome : FuzzOutcomes.UNEXPECTED;
        }
    }

    // ------------------------------------------------------------------ dealer

    /**
     * A holder's messages to an idle dealer: dropped (no operation asked for them), never answered; a few
     * malformed ones must not break the connection or the dealer (a clean end of stream when the holder hangs
     * up; more than HolderRegistry.MAX_UNEXPECTED of them close it).
     */
    static final class HolderMessages implements SessionAttacks.Role {
        private static final List<Integer> KINDS = List.of(SharingKinds.RECEIPT, SharingKinds.SHARE_RETURN,
                SharingKinds.REFUSAL, SharingKinds.HEARTBEAT, SharingKinds.SUBSHARE_BUNDLE);

        @Override
        public SessionAttacks.Message valid(Random random) {
            return new SessionAttacks.Message(SharingKinds.HEARTBEAT, new byte[0]);
        }

        @Override
        public Set<Integer> kinds() {
            return Set.copyOf(KINDS);
        }

        @Override
        public Set<ErrorCode> replayEnds() {
            return Set.of(ErrorCode.AUTHENTICATION);
        }

        @Override
        public boolean replacesSessions() {
            return true;
        }

        @Override
        public String judgeMalformed(RawSession s, int kind, byte[] body, Random random) throws IOException {
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                s.send(KINDS.get(random.nextInt(KINDS.size())),
                        SessionAttacks.malformed(HandshakeAttacks.randomBytes(random, 1 + random.nextInt(400)), random));
            }
            s.send(SharingKinds.HEARTBEAT, new byte[0]);
            String end = SessionAttacks.finalAnswer(s);
            return end.equals("eof") ? "queued-then-clean-close" : FuzzOutcomes.UNEXPECTED;
        }
    }
}
