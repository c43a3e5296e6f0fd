package dev.dkg.keygen.server;

import dev.dkg.acl.Acl;
import dev.dkg.channel.SecureChannel;
import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.crypto.Algorithms;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.GroupBench;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.frost.SecretShare;
import dev.dkg.frost.TrustedDealer;
import dev.dkg.pki.CertificateAuthority;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.signing.SignRequest;
import dev.dkg.signing.SignResult;
import dev.dkg.signing.SignatureFile;
import dev.dkg.signing.Signer;
import dev.dkg.signing.SigningKey;
import dev.dkg.signing.SigningMessages;
import dev.dkg.signing.SigningOutcome;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Signing throughput and latency: a Coordinator and t in-process signers on loopback channels (real handshakes,
 * sealed envelopes), one requester connection per signature as {@code keygen-server sign} makes, and the bound
 * from the same run's RSA private-operation and scalar-multiplication rates.
 *
 * <p>Per signature of t signers the requester's path costs 6 + 8t RSA private operations (handshake 2,
 * SIGN_REQUEST and SIGN_RESULT 2 each, then COMMIT_REQUEST, COMMITMENT, SHARE_REQUEST and SIGNATURE_SHARE each
 * sealed and opened for every signer); 3t + 2 fixed-base and 4t² + 5t + 3 variable-base multiplications (nonce
 * commitments; every signer's and the Coordinator's group commitment; share checks; element decoding with its
 * subgroup check; aggregate and the two verifications). SESSION_ENDED and the signers' renewed SIGNER_READY
 * follow the result and are left out. All parties share the machine, so the bound is that work at the all-cores
 * rates. Run with scripts/bench.sh sign.
 */
@Command(name = "sign-bench", mixinStandardHelpOptions = true,
        description = "Measure FROST signing (2-of-3 and 5-of-9 by default) against the RSA + group-operation bound.")
final class SignBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--sizes", split = ",", paramLabel = "T-of-N", description = "Key sizes (default ${DEFAULT-VALUE}).")
    List<String> sizes = List.of("2-of-3", "5-of-9");

    @Option(names = "--signatures", paramLabel = "N", description = "Measured signatures per size (default ${DEFAULT-VALUE}).")
    int signatures = 30;

    @Option(names = "--bits", paramLabel = "BITS", description = "RSA key size of every identity (default ${DEFAULT-VALUE}).")
    int bits = 2048;

    @Option(names = "--scheme", paramLabel = "SCHEME", description = "Ciphersuite (default ${DEFAULT-VALUE}).")
    String scheme = "ed25519";

    static long privateOperations(int t) {
        return 6L + 8L * t;
    }

    static long baseMultiplications(int t) {
        return 3L * t + 2;
    }

    static long multiplications(int t) {
        return 4L * t * t + 5L * t + 3;
    }

    @Override
    public Integer call() throws Exception {
        Algorithms.checkRsaBits(bits);
        if (!VerboseOption.isVerbose()) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        PrintWriter out = spec.commandLine().getOut();
        Ciphersuite suite = Ciphersuite.forScheme(scheme);
        int cores = Runtime.getRuntime().availableProcessors();
        int maxN = sizes.stream().mapToInt(s -> Integer.parseInt(s.split("-of-")[1])).max().orElseThrow();
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = CertificateAuthority.create("bench CA", bits, Duration.ofDays(1), random);
        Identity server = ca.issue("keygen", Role.KEYGEN_SERVER, bits, Duration.ofHours(12));
        Identity requester = ca.issue("requester", Role.OTP_REQUESTER, bits, Duration.ofHours(12));
        List<Identity> holders = new ArrayList<>();
        for (int i = 0; i < maxN; i++) {
            holders.add(ca.issue(String.format(Locale.ROOT, "holder%02d", i), Role.KEYGEN_CLIENT, bits, Duration.ofHours(12)));
        }
        double mult = GroupBench.scalarMultiplicationsPerSecond(suite, 1.0) * cores;
        double base = GroupBench.baseMultiplicationsPerSecond(suite, 1.0) * cores;
        out.printf(Locale.ROOT, "signing benchmark: FROST %s, RSA-%d, %d cores; bound: (6 + 8t) private operations + "
                + "(3t + 2) base + (4t^2 + 5t + 3) variable multiplications at the all-cores rates measured now "
                + "(%.0f/s base, %.0f/s variable per core)%n", suite.scheme(), bits, cores, base / cores, mult / cores);
        out.printf(Locale.ROOT, "%-8s %9s %9s %9s %9s %10s %9s %7s%n", "key", "sig/s", "p50_ms", "p95_ms", "priv_ops",
                "rsa_priv/s", "bound_ms", "ratio");
        out.flush();
        Map<String, SigningKey> keys = new ConcurrentHashMap<>();
        Acl acl = Acl.parse("bench", List.of("requester * sign"), SigningService.ACL_OPERATIONS);
        List<String> summary = new ArrayList<>();
        try (SigningService service = SigningService.start(server, ca.trustAnchor(), new InetSocketAddress("127.0.0.1", 0),
                id -> Optional.ofNullable(keys.get(id)), () -> acl, () -> { }, line -> { }, random,
                SigningService.Timeouts.DEFAULT)) {
            for (String size : sizes) {
                int t = Integer.parseInt(size.split("-of-")[0]);
                int n = Integer.parseInt(size.split("-of-")[1]);
                TrustedDealer.Keys dealt = TrustedDealer.deal(suite, suite.randomNonZeroScalar(random), n, t, random);
                byte[] keyId = new byte[SigningMessages.KEY_ID_BYTES];
                random.nextBytes(keyId);
                List<String> names = holders.subList(0, n).stream().map(Identity::name).toList();
                SigningKey key = new SigningKey(keyId, suite, t, names, dealt.groupKey(),
                        dealt.shares().stream().map(SecretShare::verificationShare).toList());
                keys.put(key.keyIdHex(), key);
                ExecutorService signers = Executors.newCachedThreadPool();
                List<SecureChannel> channels = new ArrayList<>();
                for (int i = 0; i < t; i++) {
                    Identity h = holders.get(i);
                    SecretShare share = dealt.shares().get(i);
                    SecureChannel c = SecureChannel.connect("127.0.0.1", service.port(), h, ca.trustAnchor(),
                            Set.of(Role.KEYGEN_SERVER), null, Duration.ofSeconds(30));
                    channels.add(c);
                    signers.submit(() -> new Signer(key, share, h.name(), r -> true, line -> { }, new SecureRandom())
                            .serve(c, true));
                }
                while (service.readyCount(key.keyIdHex()) < t) {
                    Thread.sleep(5);
                }
                byte[] message = new byte[64];
                GroupPublicKey pk = key.publicKey();
                int warmup = Math.max(3, signatures / 10);
                double[] ms = new double[signatures];
                long start = 0;
                for (int i = -warmup; i < signatures; i++) {
                    while (service.readyCount(key.keyIdHex()) < t) {
                        Thread.onSpinWait();
                    }
                    if (i == 0) {
                        start = System.nanoTime();
                    }
                    random.nextBytes(message);
                    long t0 = System.nanoTime();
                    try (SecureChannel c = SecureChannel.connect("127.0.0.1", service.port(), requester, ca.trustAnchor(),
                            Set.of(Role.KEYGEN_SERVER), null, Duration.ofSeconds(30))) {
                        c.send(SigningMessages.SIGN_REQUEST, new SignRequest(keyId, 10_000, List.of(), message).encode());
                        SignResult result = SignResult.decode(c.receive(Set.of(SigningMessages.SIGN_RESULT)).payload());
                        if (result.outcome() != SigningOutcome.SIGNED) {
                            throw new IllegalStateException("signing failed: " + result.describe());
                        }
                        SignatureFile.verify(pk, message, result.signature());
                    }
                    if (i >= 0) {
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                channels.forEach(SecureChannel::close);
                signers.shutdownNow();
                Arrays.sort(ms);
                double p50 = KeygenBench.percentile(ms, 50);
                double p95 = KeygenBench.percentile(ms, 95);
                List<Identity> rsaKeys = new ArrayList<>(holders.subList(0, t));
                rsaKeys.add(server);
                double rate = KeygenBench.privateOperationRate(rsaKeys, cores, 2.0);
                long ops = privateOperations(t);
                double bound = (ops / rate + baseMultiplications(t) / base + multiplications(t) / mult) * 1000;
                out.printf(Locale.ROOT, "%-8s %9.1f %9.1f %9.1f %9d %10.0f %9.1f %7.2f%n", size, signatures / elapsed,
                        p50, p95, ops, rate, bound, bound / p50);
                out.flush();
                summary.add(String.format(Locale.ROOT, "sign-bench: scheme=%s key=%s signatures_per_s=%.1f p50_ms=%.1f "
                        + "p95_ms=%.1f bound_ms=%.1f ratio=%.2f", suite.scheme(), size, signatures / elapsed, p50, p95,
                        bound, bound / p50));
            }
        }
        summary.forEach(out::println);
        out.flush();
        return 0;
    }

    public static void main(String[] args) {
        Cli.main("sign-bench", new SignBench(), args);
    }
}
