package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpRequestException;
import dev.dkg.otp.protocol.OtpResponse;
import dev.dkg.otp.protocol.OtpStatus;
import dev.dkg.pki.Identity;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two OTP distributors, real processes, sharing one real PostgreSQL database (the harness's throw-away server,
 * or {@code DKG_TEST_DATABASE}) and no key_store file: the keys come from a keygen round run with
 * {@code --database} and two {@code --recipient} certificates. The distributors reach the database through a
 * proxy the test can cut, to play an outage. One deployment for every test, in order, to keep the suite lean.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedDatabaseIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration LOCKOUT = Duration.ofSeconds(3);
    private static final int MAX_FAILURES = 5;

    @TempDir
    static Path dir;

    private Deployment d;
    private TestPostgres pg;
    private String url;
    private Path dbPassword;
    private CuttableTcpProxy proxy;
    /** The one key of the deployment, made by a keygen round with --database and both distributors as recipients. */
    private String key;
    /** The TOTP step accepted by the first test, so that a later one picks another. */
    private long acceptedTotpStep = -1;
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, RoleProcess> distributors = new HashMap<>();
    private Identity eve;
    private TrustAnchor trust;

    @BeforeAll
    void deployment() throws Exception {
        d = new Deployment(dir);
        d.identities("keygen-server", "keygen")
                .identities("keygen-client", "alice", "bob")
                .identities("otp-distributor", "dist-a", "dist-b")
                .identities("otp-requester", "eve");
        pg = TestPostgres.shared();
        url = pg.createDatabase("shared_distributors");
        dbPassword = pg.writePasswordFile(dir.resolve("db-password"));
        key = keygenRound();
        proxy = new CuttableTcpProxy(pg.host(), pg.port());
        Files.write(dir.resolve("acl.conf"), List.of("eve * get,verify,enroll"));
        Map<String, RoleProcess> starting = new HashMap<>();
        for (String name : List.of("dist-a", "dist-b")) {
            ports.put(name, Deployment.freePort());
            starting.put(name, startDistributor(name));
        }
        for (String name : starting.keySet()) {
            awaitReady(name, starting.get(name));
        }
        eve = Identity.load(d.pki().resolve("eve.p12"), Files.readString(d.passwordFile()).strip().toCharArray());
        trust = TrustAnchor.load(d.pki().resolve("ca.pem"));
    }

    @AfterAll
    void stop() throws Exception {
        if (d != null) {
            d.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    @Order(0)
    void severalRecipientsWithoutADatabaseAreRefused() throws Exception {
        RoleProcess p = d.run("keygen-server", Installation.args(d.identityArgs("keygen"), "--participants", "3",
                "--listen", "127.0.0.1:" + Deployment.freePort(), "--data-dir", "data/refused",
                "--recipient", pem("dist-a"), "--recipient", pem("dist-b")).toArray(String[]::new));
        assertThat(p.awaitExit(WAIT)).as(p.transcript()).isEqualTo(2);
        assertThat(p.stderr()).contains("keygen-server: error: 2 --recipient distributors but no --database");
        assertThat(Files.exists(dir.resolve("data/refused/key_store"))).isFalse();
    }

    @Test
    @Order(1)
    void aKeyMadeByAKeygenRoundWithTheDatabaseIsServedByBothWithoutAKeyStore() throws Exception {
        for (String name : distributors.keySet()) {
            try (OtpClient c = client(name)) {
                assertThat(c.list()).extracting(OtpResponse.KeyEntry::keyId).containsExactly(key);
            }
        }
        // The copy is the file's records: the signer record and the sealed key record, one store.
        try (Connection c = pg.connect(url);
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT count(DISTINCT store_id), count(*), max(record_number) FROM key_records")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(1);
            assertThat(r.getInt(2)).isEqualTo(2);
            assertThat(r.getInt(3)).isEqualTo(1);
        }
        assertThat(Files.size(dir.resolve("data/keygen-server/key_store"))).isPositive();
    }

    @Test
    @Order(2)
    void aCodeAcceptedAtOneDistributorIsRejectedAtTheOtherTotpAndHotp() throws Exception {
        OtpResponse.Code issued;
        try (OtpClient c = client("dist-a")) {
            issued = c.get(key, OtpMode.TOTP);
        }
        String totp = issued.code();
        acceptedTotpStep = issued.counter();
        assertThat(verify("dist-a", key, OtpMode.TOTP, totp)).isEqualTo(OtpResponse.Outcome.ACCEPTED);
        assertThat(verify("dist-b", key, OtpMode.TOTP, totp)).isEqualTo(OtpResponse.Outcome.REJECTED);
        distributors.get("dist-b").awaitErr("\\[audit\\] verify rejected requester=eve key=" + key
                + " mode=totp reason=code already used", WAIT);

        String hotp = get("dist-b", key, OtpMode.HOTP);
        assertThat(verify("dist-b", key, OtpMode.HOTP, hotp)).isEqualTo(OtpResponse.Outcome.ACCEPTED);
        assertThat(verify("dist-a", key, OtpMode.HOTP, hotp)).isEqualTo(OtpResponse.Outcome.REJECTED);
        // The counter moved for both: A hands out the next code, and B accepts it.
        String next = get("dist-a", key, OtpMode.HOTP);
        assertThat(next).isNotEqualTo(hotp);
        assertThat(verify("dist-b", key, OtpMode.HOTP, next)).isEqualTo(OtpResponse.Outcome.ACCEPTED);
    }

    @Test
    @Order(3)
    void thirtyTwoConcurrentVerificationsOfOneCodeOverTwoDistributorsAcceptExactlyOne() throws Exception {
        String code = get("dist-a", key, OtpMode.HOTP);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<OtpResponse.Outcome>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                OtpClient c = client(i % 2 == 0 ? "dist-a" : "dist-b");
                results.add(pool.submit((Callable<OtpResponse.Outcome>) () -> {
                    try (c) {
                        go.await();
                        return c.verify(key, OtpMode.HOTP, code).outcome();
                    }
                }));
            }
            go.countDown();
            Map<OtpResponse.Outcome, Integer> outcomes = new HashMap<>();
            for (Future<OtpResponse.Outcome> f : results) {
                outcomes.merge(f.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertThat(outcomes.get(OtpResponse.Outcome.ACCEPTED)).as(outcomes.toString()).isEqualTo(1);
            // The 31 others are refused: replays count as failures, so the key locks after MAX_FAILURES of them
            // (more than once if the run outlasts a lock-out), and the rest are refused unseen.
            assertThat(outcomes.getOrDefault(OtpResponse.Outcome.REJECTED, 0)
                    + outcomes.getOrDefault(OtpResponse.Outcome.LOCKED_OUT, 0)).as(outcomes.toString()).isEqualTo(31);
            assertThat(outcomes.get(OtpResponse.Outcome.REJECTED)).as(outcomes.toString())
                    .isGreaterThanOrEqualTo(MAX_FAILURES);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void failuresSpreadOverTwoDistributorsLockTheKeyAfterMaxFailuresInTotal() throws Exception {
        Thread.sleep(LOCKOUT.toMillis() + 500); // the concurrency test locked the key
        String right = get("dist-a", key, OtpMode.TOTP);
        String wrong = right.equals("000000") ? "000001" : "000000";
        for (int i = 1; i <= MAX_FAILURES; i++) {
            assertThat(verify(i % 2 == 0 ? "dist-b" : "dist-a", key, OtpMode.TOTP, wrong))
                    .isEqualTo(OtpResponse.Outcome.REJECTED);
        }
        distributors.get("dist-a").awaitErr("\\[audit\\] verify rejected requester=eve key=" + key
                + " mode=totp reason=no totp match within one step; " + MAX_FAILURES + " consecutive failures, key locked",
                WAIT);
        // Locked at both: the right code is refused without being looked at.
        assertThat(verify("dist-b", key, OtpMode.TOTP, right)).isEqualTo(OtpResponse.Outcome.LOCKED_OUT);
        assertThat(verify("dist-a", key, OtpMode.TOTP, right)).isEqualTo(OtpResponse.Outcome.LOCKED_OUT);
    }

    /**
     * Sustained get-then-verify of HOTP codes, each code sent to both distributors at once, while B is killed
     * (SIGKILL) at a seeded moment, with verifications in flight; B is restarted after. Every code is
     * accepted exactly once where both answered, never twice, and every acceptance a requester was told of
     * survives: replayed at either distributor afterwards, it is refused.
     */
    @Test
    @Order(5)
    void sigkillOfADistributorDuringSustainedVerificationsNeitherDoublesNorLosesAnAcceptance() throws Exception {
        long seed = Long.getLong("sharedDatabase.seed", 20261202L);
        Random random = new Random(seed);
        Thread.sleep(LOCKOUT.toMillis() + 500); // the previous test locked the key
        int iterations = 20;
        int killAt = 5 + random.nextInt(iterations - 10);
        List<String> toldAccepted = new ArrayList<>();
        long highestToldAccepted = -1;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < iterations; i++) {
                boolean bAlive = i < killAt;
                String issuer = bAlive && random.nextBoolean() ? "dist-b" : "dist-a";
                OtpResponse.Code issued;
                try (OtpClient c = client(issuer)) {
                    issued = c.get(key, OtpMode.HOTP);
                }
                String code = issued.code();
                List<Future<OtpResponse.Outcome>> answers = new ArrayList<>();
                for (String name : bAlive ? List.of("dist-a", "dist-b") : List.of("dist-a")) {
                    answers.add(pool.submit(() -> verifyOrNull(name, key, code)));
                }
                if (i == killAt - 1) {
                    Thread.sleep(random.nextInt(5));
                    distributors.get("dist-b").kill();
                }
                int accepted = 0;
                for (Future<OtpResponse.Outcome> f : answers) {
                    if (f.get(60, TimeUnit.SECONDS) == OtpResponse.Outcome.ACCEPTED) {
                        accepted++;
                    }
                }
                assertThat(accepted).as("code %d (seed %d, B killed during %d)", i, seed, killAt - 1)
                        .isLessThanOrEqualTo(1);
                if (i != killAt - 1) {
                    assertThat(accepted).as("code %d (seed %d)", i, seed).isEqualTo(1);
                }
                if (accepted == 1) {
                    toldAccepted.add(code);
                    highestToldAccepted = issued.counter();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        awaitReady("dist-b", startDistributor("dist-b"));
        // Every acceptance a requester was told of is in the shared state: the counter is past all of them...
        try (Connection c = pg.connect(url); ResultSet r = c.createStatement().executeQuery(
                "SELECT hotp_verify_counter FROM otp_state WHERE key_id = '" + key + "'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).isGreaterThan(highestToldAccepted);
        }
        // ...so the last code accepted is refused by the restarted distributor and by the survivor.
        String last = toldAccepted.get(toldAccepted.size() - 1);
        assertThat(verify("dist-b", key, OtpMode.HOTP, last)).isEqualTo(OtpResponse.Outcome.REJECTED);
        assertThat(verify("dist-a", key, OtpMode.HOTP, last)).isEqualTo(OtpResponse.Outcome.REJECTED);
    }

    /**
     * The database is cut off from both distributors for a few seconds under load: every verification gets an
     * answer, none is accepted during the outage, a TOTP code is still handed out, and service resumes by
     * itself when the database is back; the audit line names the outage.
     */
    @Test
    @Order(6)
    void aDatabaseOutageUnderLoadAcceptsNothingAnswersEverythingAndResumesByItself() throws Exception {
        String hotpKey = key;
        String totpKey = key;
        // A TOTP code of a step no test accepted yet, taken before the outage: every code the distributor hands
        // out reads the key's state (a disabled key gets none), so during the outage no code is handed out.
        String code = freshTotpCode();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean down = new AtomicBoolean(false);
        LongAdder acceptedWhileDown = new LongAdder();
        LongAdder acceptedAfter = new LongAdder();
        AtomicBoolean restored = new AtomicBoolean(false);
        Map<String, LongAdder> unanswered = new ConcurrentHashMap<>();
        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<?>> workers = new ArrayList<>();
        // One HOTP requester (get, then verify at the other distributor) and two TOTP getters; a request the
        // distributor refuses is an answer, a connection that fails or times out is not.
        workers.add(load.submit(() -> {
            for (int i = 0; running.get(); i++) {
                String issuer = i % 2 == 0 ? "dist-a" : "dist-b";
                String verifier = i % 2 == 0 ? "dist-b" : "dist-a";
                try {
                    boolean wasDown = down.get();
                    String hotpCode;
                    try (OtpClient c = client(issuer)) {
                        hotpCode = c.get(hotpKey, OtpMode.HOTP).code();
                    }
                    try (OtpClient c = client(verifier)) {
                        OtpResponse.Outcome o = c.verify(hotpKey, OtpMode.HOTP, hotpCode).outcome();
                        answers.computeIfAbsent(o.name(), k -> new LongAdder()).increment();
                        if (o == OtpResponse.Outcome.ACCEPTED && wasDown && down.get()) {
                            acceptedWhileDown.increment();
                        }
                        if (o == OtpResponse.Outcome.ACCEPTED && restored.get()) {
                            acceptedAfter.increment();
                        }
                    }
                } catch (OtpRequestException e) {
                    answers.computeIfAbsent(e.status().name(), k -> new LongAdder()).increment();
                } catch (Exception e) {
                    unanswered.computeIfAbsent(e.toString(), k -> new LongAdder()).increment();
                }
            }
            return null;
        }));
        for (int w = 0; w < 2; w++) {
            String name = w == 0 ? "dist-a" : "dist-b";
            workers.add(load.submit(() -> {
                while (running.get()) {
                    try (OtpClient c = client(name)) {
                        c.get(totpKey, OtpMode.TOTP);
                        answers.computeIfAbsent("TOTP_GET_SERVED", k -> new LongAdder()).increment();
                    } catch (OtpRequestException e) {
                        answers.computeIfAbsent("TOTP_GET_" + e.status().name(), k -> new LongAdder()).increment();
                    } catch (Exception e) {
                        unanswered.computeIfAbsent(e.toString(), k -> new LongAdder()).increment();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(1500);
        down.set(true);
        proxy.cut();
        OtpRequestException refused;
        OtpRequestException getRefused;
        try {
            refused = verifyRefused("dist-a", totpKey, code);
            try (OtpClient c = client("dist-b")) {
                OtpResponse.Code handedOut = c.get(totpKey, OtpMode.TOTP);
                throw new AssertionError("a code was handed out while the database was down: " + handedOut.mode());
            } catch (OtpRequestException e) {
                getRefused = e;
            }
            Thread.sleep(3000);
        } finally {
            proxy.restore();
            down.set(false);
        }
        assertThat(refused.status()).isEqualTo(OtpStatus.SERVER_ERROR);
        assertThat(refused.reason()).contains("verification state unavailable (database unreachable)");
        assertThat(getRefused.status()).isEqualTo(OtpStatus.SERVER_ERROR);
        distributors.get("dist-a").awaitErr("\\[audit\\] verify unavailable requester=eve key=" + totpKey
                + " reason=verification state database unavailable: ", WAIT);
        // The pools reconnect by themselves; the code refused during the outage was not used up.
        OtpResponse.Outcome afterwards = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (afterwards == null && System.nanoTime() < deadline) {
            afterwards = verifyOrNull("dist-b", totpKey, OtpMode.TOTP, code);
            if (afterwards == null) {
                Thread.sleep(250);
            }
        }
        assertThat(afterwards).isEqualTo(OtpResponse.Outcome.ACCEPTED);
        restored.set(true);
        long resumeDeadline = System.nanoTime() + WAIT.toNanos();
        while (acceptedAfter.sum() < 3 && System.nanoTime() < resumeDeadline) {
            Thread.sleep(100);
        }
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        for (Future<?> w : workers) {
            w.get();
        }
        System.out.println("outage: answers " + answers + ", unanswered " + unanswered);
        assertThat(acceptedWhileDown.sum()).as("accepted during the outage").isZero();
        assertThat(unanswered).as("requests without an answer").isEmpty();
        assertThat(answers).containsKey(OtpStatus.SERVER_ERROR.name());
        assertThat(acceptedAfter.sum()).as("accepted after the database came back").isGreaterThanOrEqualTo(3);
        assertThat(d.transcripts()).doesNotContain(pg.password());
    }

    private OtpResponse.Outcome verifyOrNull(String distributor, String key, String code) {
        return verifyOrNull(distributor, key, OtpMode.HOTP, code);
    }

    private OtpResponse.Outcome verifyOrNull(String distributor, String key, OtpMode mode, String code) {
        try {
            return verify(distributor, key, mode, code);
        } catch (Exception e) {
            return null;
        }
    }

    /** The current TOTP code, waiting for the next step if the current one is the step a test accepted. */
    private String freshTotpCode() throws Exception {
        while (true) {
            try (OtpClient c = client("dist-a")) {
                OtpResponse.Code now = c.get(key, OtpMode.TOTP);
                if (now.counter() != acceptedTotpStep) {
                    return now.code();
                }
                Thread.sleep(now.secondsValid() * 1000L + 200);
            }
        }
    }

    private OtpRequestException verifyRefused(String distributor, String key, String code) throws Exception {
        try (OtpClient c = client(distributor)) {
            OtpResponse.Verdict v = c.verify(key, OtpMode.TOTP, code);
            throw new AssertionError("verification answered " + v.outcome() + " while the database was down");
        } catch (OtpRequestException e) {
            return e;
        }
    }

    private String get(String distributor, String key, OtpMode mode) throws Exception {
        try (OtpClient c = client(distributor)) {
            return c.get(key, mode).code();
        }
    }

    private OtpResponse.Outcome verify(String distributor, String key, OtpMode mode, String code) throws Exception {
        try (OtpClient c = client(distributor)) {
            return c.verify(key, mode, code).outcome();
        }
    }

    private OtpClient client(String distributor) throws Exception {
        return OtpClient.connect("127.0.0.1", ports.get(distributor), eve, trust, distributor, Duration.ofSeconds(30));
    }

    private String pem(String name) {
        return d.pki().resolve(name + ".pem").toString();
    }

    private String viaProxy() {
        return url.replace(pg.host() + ":" + pg.port(), "127.0.0.1:" + proxy.port());
    }

    private RoleProcess startDistributor(String name) throws Exception {
        int port = ports.get(name);
        // No --key-store and no --data-dir: keys and state come from the database.
        return d.start("otp-distributor", Installation.args(d.identityArgs(name), "--database", viaProxy(),
                "--database-password-file", dbPassword.toString(), "--acl", "acl.conf", "--listen", "127.0.0.1:" + port,
                "--max-failures", String.valueOf(MAX_FAILURES), "--lockout", LOCKOUT.toSeconds() + "s",
                "--max-sessions-per-requester", "40"));
    }

    private void awaitReady(String name, RoleProcess p) throws Exception {
        String db = viaProxy().substring(0, viaProxy().indexOf('?'));
        p.awaitOut("^ready: 127\\.0\\.0\\.1:" + ports.get(name) + " as " + name + " .*, 1 key, 1 ACL rule, "
                + "state shared in " + Pattern.quote(db) + ", crypto " + Pattern.quote(Deployment.expectedCrypto()) + "$", WAIT);
        distributors.put(name, p);
    }

    /** A keygen server with --database and both distributors as recipients, for one key. */
    private String keygenRound() throws Exception {
        int rounds = 1;
        int port = Deployment.freePort();
        RoleProcess server = d.start("keygen-server", Installation.args(d.identityArgs("keygen"),
                "--clients", "alice,bob", "--listen", "127.0.0.1:" + port, "--recipient", pem("dist-a"),
                "--recipient", pem("dist-b"), "--database", url, "--database-password-file", dbPassword.toString(),
                "--rounds", String.valueOf(rounds), "--round-timeout", "30s"));
        server.awaitOut("^ready: listening on 127\\.0\\.0\\.1:" + port + " .*\\(copied to jdbc:postgresql://", WAIT);
        List<String> made = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<RoleProcess> clients = new ArrayList<>();
            for (String name : List.of("alice", "bob")) {
                clients.add(d.start("keygen-client", Installation.args(d.identityArgs(name), "--server",
                        "127.0.0.1:" + port, "--data-dir", "clients/" + name)));
            }
            String keyId = null;
            for (RoleProcess c : clients) {
                assertThat(c.awaitExit(WAIT)).as(c.transcript()).isZero();
                Matcher m = Pattern.compile("(?m)^key-id: ([0-9a-f]{32})$").matcher(c.stdout());
                assertThat(m.find()).as(c.transcript()).isTrue();
                keyId = m.group(1);
            }
            made.add(keyId);
        }
        assertThat(server.awaitExit(WAIT)).as(server.transcript()).isZero();
        return made.get(0);
    }
}
