package dev.dkg.otp.distributor;

import dev.dkg.acl.Acl;
import dev.dkg.otp.protocol.OtpOperation;

import dev.dkg.channel.Limits;
import dev.dkg.otp.OtpAlgorithm;
import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.Totp;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An otp-distributor running in this JVM on a loopback port, with TestPki identities, three in-memory
 * keys, a fixed ACL, its state in a real {@link RecordLogVerificationStateStore} under a temporary
 * directory, and a clock the test moves. {@link #restart()} stops it and starts it again on the same state
 * log, as a process restart would.
 *
 * <p>ACL: alice may get, verify and enroll k1 and get team-*; bob may get and verify k1 and verify k2;
 * helpdesk may administer k1 (unlock, reset, disable, enable); mallory is in no rule.
 */
public final class DistributorFixture implements AutoCloseable {
    public static final String DISTRIBUTOR = "distributor";
    public static final byte[] K1_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    public static final OtpParameters K1_PARAMETERS = OtpParameters.DEFAULT;
    public static final byte[] K2_SECRET = "abcdefghijklmnopqrstuvwxyz012345".getBytes(StandardCharsets.US_ASCII);
    public static final OtpParameters K2_PARAMETERS = new OtpParameters(OtpAlgorithm.SHA256, 8, Duration.ofSeconds(60));
    public static final byte[] TEAM_SECRET = "team key secret, 24 byte".getBytes(StandardCharsets.US_ASCII);
    /** 15 seconds into a 30-second step. */
    public static final Instant START = Instant.ofEpochSecond(1_700_000_025);
    public static final List<String> ACL = List.of(
            "# test rules",
            "alice  k1      get,verify,enroll",
            "alice  team-*  get",
            "bob    k1      get,verify   # no enroll",
            "bob    k2      verify",
            "helpdesk k1    admin");

    public final MutableClock clock = new MutableClock(START);
    public final InMemoryKeySource keys = new InMemoryKeySource();
    public final Acl acl;
    public final VerificationPolicy policy;
    private final Path stateFile;
    private RecordLogVerificationStateStore states;
    private OtpServer server;

    private DistributorFixture(Path dir, VerificationPolicy policy) throws Exception {
        this.stateFile = java.nio.file.Files.createDirectories(dir).resolve("otp-state.log");
        this.policy = policy;
        this.acl = Acl.parse("test-acl", ACL, OtpOperation.fileNames());
        keys.with(new KeyInfo("k1", "otp", START.minusSeconds(3600), K1_PARAMETERS), K1_SECRET)
                .with(new KeyInfo("k2", "otp", START.minusSeconds(1800), K2_PARAMETERS), K2_SECRET)
                .with(new KeyInfo("team-a", "team", START.minusSeconds(60), K1_PARAMETERS), TEAM_SECRET);
        startServer();
    }

    public static DistributorFixture start(Path dir) throws Exception {
        return new DistributorFixture(dir, VerificationPolicy.DEFAULT);
    }

    public static DistributorFixture start(Path dir, VerificationPolicy policy) throws Exception {
        return new DistributorFixture(dir, policy);
    }

    public static Identity distributorIdentity() {
        return TestPki.identity(DISTRIBUTOR, Role.OTP_DISTRIBUTOR);
    }

    private void startServer() throws IOException {
        Identity me = distributorIdentity();
        states = RecordLogVerificationStateStore.open(stateFile, me);
        OtpVerifier verifier = new OtpVerifier(states, policy, clock);
        KeyWatcher watcher = new KeyWatcher(keys, k -> { });
        OtpService service = new OtpService(() -> acl, keys, verifier, states, "dkg-test", watcher::refresh);
        server = OtpServer.start(new InetSocketAddress("127.0.0.1", 0), me, TestPki.trust(),
                Limits.defaults().withShutdownGrace(Duration.ofMillis(200)), service, watcher::refresh, Duration.ofHours(1));
    }

    /** Stops the server and closes the state log, then opens both again (the log is replayed). */
    public void restart() throws IOException {
        server.close();
        states.close();
        startServer();
    }

    public int port() {
        return server.port();
    }

    public RecordLogVerificationStateStore states() {
        return states;
    }

    /** A client connected as the otp-requester {@code name}. */
    public OtpClient connect(String name) throws IOException {
        return connect(TestPki.identity(name, Role.OTP_REQUESTER));
    }

    public OtpClient connect(Identity identity) throws IOException {
        return OtpClient.connect("127.0.0.1", port(), identity, TestPki.trust(), null, Duration.ofSeconds(10));
    }

    /** k1's TOTP code at the fixture clock's time, computed independently of the server. */
    public String k1TotpNow() {
        return Totp.generate(K1_SECRET, clock.instant(), K1_PARAMETERS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        states.close();
        keys.close();
    }
}
