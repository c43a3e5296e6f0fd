package dev.dkg.otp.distributor;

import static dev.dkg.otp.distributor.VerificationResult.Outcome.ACCEPTED;
import static dev.dkg.otp.distributor.VerificationResult.Outcome.LOCKED_OUT;
import static dev.dkg.otp.distributor.VerificationResult.Outcome.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dkg.database.Database;
import dev.dkg.otp.Hotp;
import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.Totp;
import dev.dkg.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two verifiers, each with its own connection pool to one real PostgreSQL database, stand for two distributor
 * processes: they share no lock but the database's.
 */
class DatabaseVerificationStateStoreTest {
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final OtpParameters P = OtpParameters.DEFAULT;
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final Instant START = Instant.ofEpochSecond(1_700_000_025);

    private final TestPostgres pg = TestPostgres.shared();
    private final String url = pg.createDatabase("verification_state");
    private final MutableClock clock = new MutableClock(START);
    private final List<Database> pools = new ArrayList<>();
    private final VerificationPolicy policy = new VerificationPolicy(10, 4, Duration.ofMinutes(5));

    private OtpVerifier distributor() throws Exception {
        Database db = Database.open(url, pg.password().toCharArray(), "test", 8);
        pools.add(db);
        return new OtpVerifier(new DatabaseVerificationStateStore(db), policy, clock);
    }

    @AfterEach
    void closePools() {
        pools.forEach(Database::close);
    }

    @Test
    void aCodeAcceptedAtOneDistributorIsRejectedAtTheOther() throws Exception {
        OtpVerifier a = distributor();
        OtpVerifier b = distributor();
        String code = Totp.generate(SECRET, Totp.timeStep(START, P), P);
        assertThat(a.verifyTotp(KEY, SECRET, P, code).outcome()).isEqualTo(ACCEPTED);
        VerificationResult atB = b.verifyTotp(KEY, SECRET, P, code);
        assertThat(atB.outcome()).isEqualTo(REJECTED);
        assertThat(atB.reason()).isEqualTo("code already used");

        // HOTP: a counter handed out and verified at B is used at A too, and A hands out the next one.
        IssuedHotp issued = b.nextHotp(KEY, SECRET, P);
        assertThat(b.verifyHotp(KEY, SECRET, P, issued.code()).outcome()).isEqualTo(ACCEPTED);
        assertThat(a.verifyHotp(KEY, SECRET, P, issued.code()).outcome()).isEqualTo(REJECTED);
        assertThat(a.nextHotp(KEY, SECRET, P).counter()).isEqualTo(issued.counter() + 1);
    }

    @Test
    void thirtyTwoConcurrentVerificationsOfOneCodeOverTwoDistributorsAcceptExactlyOne() throws Exception {
        OtpVerifier[] distributors = {distributor(), distributor()};
        String code = Hotp.generate(SECRET, 3, P.digits(), P.algorithm());
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<VerificationResult>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                OtpVerifier v = distributors[i % 2];
                results.add(pool.submit((Callable<VerificationResult>) () -> {
                    go.await();
                    return v.verifyHotp(KEY, SECRET, P, code);
                }));
            }
            go.countDown();
            int accepted = 0;
            for (Future<VerificationResult> f : results) {
                if (f.get().isAccepted()) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failuresSpreadOverTwoDistributorsLockTheKeyAfterTheLimitInTotal() throws Exception {
        OtpVerifier a = distributor();
        OtpVerifier b = distributor();
        String right = Totp.generate(SECRET, Totp.timeStep(START, P), P);
        String wrong = right.equals("000000") ? "000001" : "000000";
        assertThat(a.verifyTotp(KEY, SECRET, P, wrong).outcome()).isEqualTo(REJECTED);
        assertThat(b.verifyTotp(KEY, SECRET, P, wrong).outcome()).isEqualTo(REJECTED);
        assertThat(a.verifyTotp(KEY, SECRET, P, wrong).outcome()).isEqualTo(REJECTED);
        VerificationResult fourth = b.verifyTotp(KEY, SECRET, P, wrong);
        assertThat(fourth.outcome()).isEqualTo(REJECTED);
        assertThat(fourth.reason()).contains("4 consecutive failures, key locked");
        // Locked at both, even for the right code.
        assertThat(a.verifyTotp(KEY, SECRET, P, right).outcome()).isEqualTo(LOCKED_OUT);
        assertThat(b.verifyTotp(KEY, SECRET, P, right).outcome()).isEqualTo(LOCKED_OUT);
    }

    @Test
    void anUnreachableDatabaseRejectsEveryVerificationAndRecoversByItself() throws Exception {
        OtpVerifier a = distributor();
        String code = Totp.generate(SECRET, Totp.timeStep(START, P), P);
        // Every session of the pool is killed, as a database restart would; new ones are refused meanwhile.
        String name = url.replaceAll(".*/([^?]+)\\?.*", "$1");
        String admin = pg.url("postgres");
        pg.execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        pg.execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
        assertThatThrownBy(() -> a.verifyTotp(KEY, SECRET, P, code))
                .isInstanceOf(StateUnavailableException.class)
                .hasMessageStartingWith("verification state database unavailable: ");
        assertThatThrownBy(() -> a.nextHotp(KEY, SECRET, P)).isInstanceOf(StateUnavailableException.class);
        // A TOTP code needs no state: still served.
        assertThat(a.currentTotp(SECRET, P).code()).isEqualTo(code);
        pg.execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        // The pool reconnects by itself; until it has, verifications keep failing closed.
        VerificationResult first = null;
        for (int attempt = 0; first == null && attempt < 60; attempt++) {
            try {
                first = a.verifyTotp(KEY, SECRET, P, code);
            } catch (StateUnavailableException stillDown) {
                Thread.sleep(500);
            }
        }
        // Nothing was accepted during the outage, so the code is still good, once.
        assertThat(first).isNotNull();
        assertThat(first.outcome()).isEqualTo(ACCEPTED);
        assertThat(a.verifyTotp(KEY, SECRET, P, code).outcome()).isEqualTo(REJECTED);
    }
}
