package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.channel.RawSession;
import dev.dkg.channel.SecureChannel;
import dev.dkg.keygen.KeygenMessages;
import dev.dkg.keygen.Receipt;
import dev.dkg.keygen.RoundOpen;
import dev.dkg.keygen.RoundTranscript;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpResponse;
import dev.dkg.pki.Identity;
import dev.dkg.pki.TrustAnchor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs the keygen server and the OTP distributor at random moments of sustained work, restarts them,
 * and checks that nothing acknowledged was lost: every receipt a client got is in {@code keygen-server list},
 * every HOTP or TOTP code the distributor accepted is refused after the restart. Also damages copies of a
 * key_store: a corrupted middle record stops start-up with a clear error, a tail cut mid-record is cut off
 * with a warning. The seed ({@code -Dcrash.seed}) is printed; three kills per server ({@code -Dcrash.kills} for more).
 */
class ServerCrashIT {
    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    private static final int KILLS = Integer.getInteger("crash.kills", 3);
    private static final int LOG_HEADER_BYTES = 30;

    @TempDir
    Path dir;

    @Test
    void keygenServerKilledMidRoundsKeepsEveryAcknowledgedKey() throws Exception {
        Random random = new Random(SEED);
        System.out.println("crash: keygen seed " + SEED);
        try (Deployment d = new Deployment(dir)) {
            Installation inst = new Installation(d);
            List<Identity> clients = new ArrayList<>();
            for (String name : Installation.KEYGEN_CLIENTS) {
                clients.add(inst.identity(name));
            }
            int port = Deployment.freePort();
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            int rounds = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                RoleProcess server = inst.startKeygenServer(port);
                AtomicBoolean running = new AtomicBoolean(true);
                Thread work = new Thread(() -> {
                    while (running.get()) {
                        try {
                            acknowledged.add(round(target, clients));
                        } catch (IOException | RuntimeException e) {
                            // The server died mid-round: nothing was acknowledged for this one.
                        }
                    }
                });
                work.start();
                Thread.sleep(300 + random.nextInt(2500));
                server.kill();
                running.set(false);
                work.join(30_000);
                rounds = acknowledged.size();
            }
            RoleProcess restarted = inst.startKeygenServer(port);
            List<String> listed = inst.listedKeys();
            System.out.printf("crash: keygen-server killed %d times, %d receipts acknowledged, %d keys listed%n", KILLS,
                    rounds, listed.size());
            assertThat(acknowledged).as("receipts acknowledged before the kills").isNotEmpty();
            assertThat(listed).containsAll(acknowledged);
            restarted.close();

            damagedCopiesOfTheStoreAreRefusedOrCut(inst, listed.size());
        }
    }

    /** One round with the three listed clients done by hand; returns the key id of the receipt. */
    private static String round(InetSocketAddress target, List<Identity> clients) throws IOException {
        SecureRandom rng = new SecureRandom();
        List<RawSession> sessions = new ArrayList<>();
        try {
            for (Identity c : clients) {
                sessions.add(RawSession.open(target, c, 20_000));
            }
            byte[][] contributions = new byte[clients.size()][];
            for (int i = 0; i < sessions.size(); i++) {
                RoundOpen open = RoundOpen.decode(expect(sessions.get(i), KeygenMessages.ROUND_OPEN).payload());
                contributions[i] = new byte[32];
                rng.nextBytes(contributions[i]);
                sessions.get(i).send(KeygenMessages.COMMIT,
                        RoundTranscript.commitment(open.roundId(), clients.get(i).name(), contributions[i]));
            }
            for (int i = 0; i < sessions.size(); i++) {
                expect(sessions.get(i), KeygenMessages.COMMITMENTS);
                sessions.get(i).send(KeygenMessages.REVEAL, contributions[i]);
            }
            String keyId = null;
            for (RawSession s : sessions) {
                keyId = Receipt.decode(expect(s, KeygenMessages.RECEIPT).payload()).keyIdHex();
            }
            return keyId;
        } finally {
            for (RawSession s : sessions) {
                s.close();
            }
        }
    }

    private static SecureChannel.Message expect(RawSession s, int kind) throws IOException {
        SecureChannel.Message m = s.receive(KeygenMessages.FROM_SERVER);
        if (m.kind() != kind) {
            throw new IOException("expected kind " + kind + ", got " + m.kind());
        }
        return m;
    }

    /** Copies of key_store: a flipped byte in a middle record stops start-up; a torn tail is cut with a warning. */
    private void damagedCopiesOfTheStoreAreRefusedOrCut(Installation inst, int keys) throws Exception {
        assertThat(keys).as("records to damage").isGreaterThanOrEqualTo(3);
        Deployment d = inst.deployment();
        byte[] store = Files.readAllBytes(inst.keyStore());
        List<long[]> records = records(store);
        // The first record describes the store's signer; every other one is a key.
        assertThat(records).hasSizeGreaterThan(keys);

        Path middle = d.dir().resolve("damaged-middle");
        Files.createDirectories(middle);
        byte[] damaged = store.clone();
        long[] victim = records.get(records.size() / 2);
        damaged[(int) (victim[0] + 8 + victim[1] / 2)] ^= 0x40;
        Files.write(middle.resolve("key_store"), damaged);
        RoleProcess refused = d.start("keygen-server", Installation.args(inst.keygenServerArgs(Deployment.freePort()),
                "--data-dir", middle.toString()));
        int code = refused.awaitExit(Installation.WAIT);
        assertThat(code).as(refused.transcript()).isNotZero();
        assertThat(refused.stderr()).containsPattern("keygen-server: error: .*(damaged|corrupt|CRC)");
        assertThat(refused.stdout()).doesNotContain("ready:");

        Path torn = d.dir().resolve("torn-tail");
        Files.createDirectories(torn);
        long[] last = records.get(records.size() - 1);
        Files.write(torn.resolve("key_store"), java.util.Arrays.copyOf(store, (int) (last[0] + 8 + last[1] / 2)));
        int port = Deployment.freePort();
        RoleProcess cut = d.start("keygen-server", Installation.args(inst.keygenServerArgs(port), "--data-dir",
                torn.toString()));
        cut.awaitOut("^ready: .* " + (keys - 1) + " keys in ", Installation.WAIT);
        assertThat(cut.stderr()).containsPattern("(?i)WARN.*(torn|cut|truncat)");
        cut.close();
    }

    /** Offset and payload length of each record of a record log. */
    private static List<long[]> records(byte[] log) {
        List<long[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(log);
        int at = LOG_HEADER_BYTES;
        while (at + 8 <= log.length) {
            int length = b.getInt(at);
            out.add(new long[] {at, length});
            at += 8 + length;
        }
        return out;
    }

    @Test
    void otpDistributorKilledMidVerifiesNeverAcceptsAUsedCodeAgain() throws Exception {
        Random random = new Random(SEED + 1);
        System.out.println("crash: otp seed " + (SEED + 1));
        try (Deployment d = new Deployment(dir)) {
            Installation inst = new Installation(d);
            String keyId = inst.createOtpKey();
            int port = Deployment.freePort();
            Identity eve = inst.identity("eve");
            TrustAnchor trust = inst.trust();
            record Used(OtpMode mode, String code) {}
            ConcurrentLinkedQueue<Used> accepted = new ConcurrentLinkedQueue<>();
            for (int kill = 0; kill < KILLS; kill++) {
                RoleProcess distributor = inst.startDistributor(port, "--max-failures", "1000");
                for (Used u : accepted) {
                    assertThat(verify(port, eve, trust, keyId, u.mode(), u.code()))
                            .as("%s code accepted before kill %d", u.mode(), kill).isNotEqualTo(OtpResponse.Outcome.ACCEPTED);
                }
                AtomicBoolean running = new AtomicBoolean(true);
                Thread work = new Thread(() -> {
                    while (running.get()) {
                        OtpMode mode = random.nextBoolean() ? OtpMode.HOTP : OtpMode.TOTP;
                        try (OtpClient c = OtpClient.connect("127.0.0.1", port, eve, trust, "distributor",
                                Duration.ofSeconds(20))) {
                            String code = c.get(keyId, mode).code();
                            if (c.verify(keyId, mode, code).outcome() == OtpResponse.Outcome.ACCEPTED) {
                                accepted.add(new Used(mode, code));
                            }
                        } catch (Exception e) {
                            // Killed mid-exchange: not acknowledged.
                        }
                    }
                });
                work.start();
                Thread.sleep(300 + random.nextInt(2500));
                distributor.kill();
                running.set(false);
                work.join(30_000);
            }
            inst.startDistributor(port, "--max-failures", "1000");
            long totp = accepted.stream().filter(u -> u.mode() == OtpMode.TOTP).count();
            System.out.printf("crash: otp-distributor killed %d times, %d codes accepted (%d TOTP, %d HOTP)%n", KILLS,
                    accepted.size(), totp, accepted.size() - totp);
            assertThat(accepted).isNotEmpty();
            for (Used u : accepted) {
                assertThat(verify(port, eve, trust, keyId, u.mode(), u.code())).as("%s code after the last restart",
                        u.mode()).isNotEqualTo(OtpResponse.Outcome.ACCEPTED);
            }
        }
    }

    private static OtpResponse.Outcome verify(int port, Identity me, TrustAnchor trust, String keyId, OtpMode mode,
                                              String code) throws Exception {
        try (OtpClient c = OtpClient.connect("127.0.0.1", port, me, trust, "distributor", Duration.ofSeconds(20))) {
            return c.verify(keyId, mode, code).outcome();
        }
    }
}
