package dev.dkg.keygen.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.Element;
import dev.dkg.frost.Lagrange;
import dev.dkg.frost.SecretShare;
import dev.dkg.keygen.KeyStoreReader;
import dev.dkg.keygen.RoundAborted;
import dev.dkg.keygen.ThresholdKeyRecord;
import dev.dkg.keygen.client.HeldShare;
import dev.dkg.keygen.client.RoundAbortedException;
import dev.dkg.keygen.client.ThresholdParticipant;
import dev.dkg.keygen.client.ThresholdShareStore;
import dev.dkg.testing.TestPki;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whole threshold rounds (docs/protocol.md section 15) over loopback channels with real clients. */
class ThresholdRoundTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"};

    @TempDir
    Path dir;

    private KeygenFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new KeygenFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    static List<String> names(int n) {
        return List.of(NAMES).subList(0, n);
    }

    static <T> T get(Future<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} {1}-of-{2}")
    @CsvSource({"ED25519, 2, 3", "ED25519, 3, 5", "ED25519, 5, 9", "SECP256K1, 2, 3", "SECP256K1, 3, 5",
            "SECP256K1, 5, 9", "P256, 2, 3"})
    void everyClientEndsWithAShareOfOneKeyThatAnyTSharesMakeAndNoFewer(Ciphersuite suite, int t, int n) throws Exception {
        fixture.start(KeygenFixture.threshold(n, t, suite, WAIT));
        List<Future<ThresholdParticipant.Result>> futures = new ArrayList<>();
        for (String name : names(n)) {
            futures.add(fixture.participateThreshold(name, ThresholdParticipant.HONEST));
        }
        List<HeldShare> shares = new ArrayList<>();
        for (Future<ThresholdParticipant.Result> f : futures) {
            shares.add(get(f).share());
        }
        Element pk = shares.get(0).groupKey();
        for (HeldShare s : shares) {
            assertThat(s.keyIdHex()).isEqualTo(shares.get(0).keyIdHex());
            assertThat(s.groupKey()).isEqualTo(pk);
            assertThat(s.receipt().thresholdLabel()).isEqualTo(t + "-of-" + n);
        }
        // The key's public record: same key id and group key, every confirmation, no share.
        fixture.service.close();
        List<ThresholdKeyRecord> records = KeyStoreReader.readAllThreshold(fixture.keyStore(), KeygenFixture.SERVER,
                TestPki.trust());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).keyId()).isEqualTo(shares.get(0).keyIdHex());
        assertThat(records.get(0).groupKey()).isEqualTo(pk);
        assertThat(records.get(0).transcript().verificationShares().get(2)).isEqualTo(shares.get(2).signingShare()
                .verificationShare());

        // Only here, in a test: t shares interpolate to s with s·G = PK; t-1 shares do not.
        assertThat(suite.baseMultiply(interpolate(suite, shares.subList(0, t)))).isEqualTo(pk);
        assertThat(suite.baseMultiply(interpolate(suite, shares.subList(n - t, n)))).isEqualTo(pk);
        assertThat(suite.baseMultiply(interpolate(suite, shares.subList(0, t - 1)))).isNotEqualTo(pk);

        // Each client finds its share again in its data directory.
        HeldShare again = new ThresholdShareStore(fixture.clientDir("bob"), KeygenFixture.client("bob")).list().get(0);
        assertThat(again.signingShare()).isEqualTo(shares.get(1).signingShare());
    }

    static BigInteger interpolate(Ciphersuite suite, List<HeldShare> shares) {
        List<Integer> ids = shares.stream().map(HeldShare::identifier).toList();
        BigInteger sum = BigInteger.ZERO;
        for (HeldShare s : shares) {
            SecretShare share = s.signingShare();
            sum = sum.add(Lagrange.coefficient(suite, share.identifier(), ids).multiply(share.value()));
        }
        return sum.mod(suite.order());
    }

    static RoundAborted abortOf(Future<?> f) throws Exception {
        try {
            get(f);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RoundAbortedException a) {
                return a.aborted();
            }
            throw e;
        }
        throw new AssertionError("the round was not aborted");
    }
}
