package dev.dkg.keygen.server;

import dev.dkg.bench.RsaBound;
import dev.dkg.bench.Throughput;
import dev.dkg.channel.SecureChannel;
import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.CryptoProvider;
import dev.dkg.crypto.RsaPss;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.frost.GroupBench;
import dev.dkg.keygen.KeyParameters;
import dev.dkg.keygen.ThresholdMessages;
import dev.dkg.keygen.client.ThresholdParticipant;
import dev.dkg.keygen.client.ThresholdShareStore;
import dev.dkg.keygen.client.ContributionKey;
import dev.dkg.keygen.client.RoundParticipant;
import dev.dkg.pki.CertificateAuthority;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures whole key-generation rounds on loopback with N in-process clients (real handshakes, envelopes,
 * key_store appends with fsync) and compares the round latency with the time the same number of RSA private
 * operations takes on this machine at full parallelism, measured in the same run.
 *
 * <p>Private operations per round of N clients: per client 2 in the handshake (server signs HELLO_REPLY,
 * client signs AUTH) and 2 per message (the sender signs, the receiver unwraps) for 5 messages (ROUND_OPEN,
 * COMMIT, COMMITMENTS, REVEAL, RECEIPT); per round 2 more (the key record's signature, the receipt's). So
 * 12 N + 2. Clients and server share the machine's cores, so the bound is that many private operations at the
 * all-cores rate. Run with scripts/bench.sh keygen (the client jar must be on the class path).
 */
@Command(name = "keygen-bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measure key-generation round latency against the RSA private-operation bound.")
public final class KeygenBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--clients", split = ",", paramLabel = "N", description = "Round sizes (default ${DEFAULT-VALUE}).")
    List<Integer> sizes = List.of(3, 10, 50);

    @Option(names = "--rounds", paramLabel = "R", description = "Measured rounds per size (default: 20, 10 and 6 for "
            + "the default sizes; 300 / N, at least 5, otherwise).")
    Integer rounds;

    @Option(names = "--bits", paramLabel = "BITS", description = "RSA key size of every identity (default ${DEFAULT-VALUE}).")
    int bits = Algorithms.RSA_BITS_DEFAULT;

    @Option(names = "--rsa-seconds", paramLabel = "S", description = "Seconds to measure the RSA rate, before and after each size (default ${DEFAULT-VALUE}).")
    double rsaSeconds = 2;

    @Option(names = "--threshold", description = "Measure threshold rounds (docs/protocol.md section 15) instead.")
    boolean threshold;

    @Option(names = "--sizes", split = ",", paramLabel = "T-of-N",
            description = "Threshold round sizes with --threshold (default ${DEFAULT-VALUE}).")
    List<String> thresholdSizes = List.of("2-of-3", "3-of-5", "7-of-10");

    @Option(names = "--scheme", paramLabel = "SCHEME", description = "Ciphersuite with --threshold (default ${DEFAULT-VALUE}).")
    String scheme = "ed25519";

    static long privateOperationsPerRound(int clients) {
        return 12L * clients + 2;
    }

    /**
     * RSA private operations of a threshold round of n (section 15): per client 2 in the handshake, 2 for each
     * of its 9 channel messages (T_OPEN, T_COMMITMENTS, T_REVEALS, T_DELIVERY, T_RECEIPT in; T_COMMIT,
     * T_REVEAL, T_SHARES, T_CONFIRM out), 1 per share envelope sealed and 1 per share envelope opened (n − 1
     * each), 1 for its confirmation; per round 2 more (receipt and key record). So 2n² + 19n + 2.
     */
    static long thresholdPrivateOperations(int n) {
        return 2L * n * n + 19L * n + 2;
    }

    /**
     * Fixed-base scalar multiplications (k·G) of a threshold round: per client t for its commitments, 1 for R,
     * n for the proofs it checks (mu·G), n − 1 for the shares it checks, 1 for its own verification share;
     * the server n for the proofs. So n(t + 2n + 1) + n.
     */
    static long thresholdBaseMultiplications(int t, int n) {
        return (long) n * (t + 2L * n + 1) + n;
    }

    /**
     * Variable-base scalar multiplications of a threshold round: per client n for the proofs (c·C_i0), (t − 1)
     * for each of n − 1 share checks and for each of n verification shares (Horner over the commitments); the
     * server n for the proofs. So n(n + (2n − 1)(t − 1)) + n.
     */
    static long thresholdMultiplications(int t, int n) {
        return (long) n * (n + (2L * n - 1) * (t - 1)) + n;
    }

    @Override
    public Integer call() throws Exception {
        Algorithms.checkRsaBits(bits);
        if (!VerboseOption.isVerbose()) {
            // Per-round INFO lines from dozens of in-process clients would drown the figures.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        PrintWriter out = spec.commandLine().getOut();
        int cores = Runtime.getRuntime().availableProcessors();
        List<int[]> tn = new ArrayList<>();
        for (String size : thresholdSizes) {
            String[] parts = size.split("-of-");
            if (parts.length != 2) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a size is T-of-N, not " + size);
            }
            tn.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        }
        int maxClients = threshold ? tn.stream().mapToInt(a -> a[1]).max().orElseThrow()
                : sizes.stream().max(Integer::compare).orElseThrow();
        long setupStart = System.nanoTime();
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = CertificateAuthority.create("bench CA", bits, Duration.ofDays(1), random);
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        List<Future<Identity>> issued = new ArrayList<>();
        issued.add(pool.submit(() -> ca.issue("keygen", Role.KEYGEN_SERVER, bits, Duration.ofHours(12))));
        for (int i = 0; i < maxClients; i++) {
            String name = String.format(Locale.ROOT, "client%03d", i);
            issued.add(pool.submit(() -> ca.issue(name, Role.KEYGEN_CLIENT, bits, Duration.ofHours(12))));
        }
        List<Identity> identities = new ArrayList<>();
        for (Future<Identity> f : issued) {
            identities.add(f.get());
        }
        pool.shutdown();
        Identity server = identities.get(0);
        List<Identity> clients = identities.subList(1, identities.size());
        out.printf(Locale.ROOT, "keygen round benchmark: RSA-%d, %d cores, %d identities made in %.1f s%n", bits, cores,
                identities.size(), (System.nanoTime() - setupStart) / 1e9);
        out.flush();

        if (threshold) {
            return thresholdRounds(out, tn, identities, server, clients, ca.trustAnchor(), cores);
        }
        out.printf(Locale.ROOT, "bound: %d N + 2 private operations per round of N clients at the all-cores RSA-%d rate "
                + "of the faster of %s (in use) and openssl speed, each measured just before and just after each size's "
                + "rounds (the faster, i.e. stricter, is used); ratio above 1.00 means the bound is wrong%n",
                12, bits, CryptoProvider.active().name()).flush();
        privateOperationRate(identities, cores, 2.0);
        out.printf(Locale.ROOT, "%8s %7s %10s %10s %10s %12s %12s %10s %7s%n", "clients", "rounds", "p50_ms", "p95_ms",
                "priv_ops", "provider/s", "openssl/s", "bound_ms", "ratio");
        out.flush();
        List<String> summary = new ArrayList<>();
        Path dir = Files.createTempDirectory("keygen-bench");
        try {
            for (int n : sizes) {
                int measured = rounds != null ? rounds : defaultRounds(n);
                RsaBound.Rate before = machineRate(identities, cores);
                double[] latencies = run(n, measured, server, clients.subList(0, n), ca.trustAnchor(), dir.resolve("store-" + n));
                RsaBound.Rate both = before.max(machineRate(identities, cores));
                double rate = both.fastest();
                Arrays.sort(latencies);
                double p50 = percentile(latencies, 50);
                double p95 = percentile(latencies, 95);
                long ops = privateOperationsPerRound(n);
                double bound = ops / rate * 1000;
                out.printf(Locale.ROOT, "%8d %7d %10.1f %10.1f %10d %12.1f %12.1f %10.1f %7.2f%n", n, measured, p50, p95,
                        ops, both.provider(), both.openssl(), bound, bound / p50);
                if (bound / p50 > 1.0) {
                    out.printf(Locale.ROOT, "keygen-bench: warning: ratio %.2f at %d clients is above 1.00: the bound is "
                            + "wrong (the RSA rate was measured slower than the rounds ran; rerun on an idle machine)%n",
                            bound / p50, n);
                }
                out.flush();
                summary.add(String.format(Locale.ROOT, "keygen-bench: clients=%d p50_ms=%.1f p95_ms=%.1f bound_ms=%.1f ratio=%.2f"
                        + " provider=%s %s bound_ok=%s", n, p50, p95, bound, bound / p50,
                        CryptoProvider.active().name().replace(' ', '-'), both.fields(), bound / p50 > 1.0 ? "no" : "yes"));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        summary.forEach(out::println);
        out.flush();
        return 0;
    }

    /** The threshold table: p50/p95 of whole rounds next to the RSA + scalar-multiplication bound. */
    private int thresholdRounds(PrintWriter out, List<int[]> tn, List<Identity> identities, Identity server,
                                List<Identity> clients, TrustAnchor trust, int cores) throws Exception {
        Ciphersuite suite = Ciphersuite.forScheme(scheme);
        out.printf(Locale.ROOT, "bound: (2n^2 + 19n + 2) RSA-%d private operations at the all-cores rate + n(t + 2n + 1) + n "
                + "%s base multiplications + n(n + (2n - 1)(t - 1)) + n multiplications at %d x the one-core rates, "
                + "each rate the faster of before and after that size's rounds%n", bits, scheme, cores);
        out.printf(Locale.ROOT, "%8s %7s %10s %10s %9s %9s %9s %10s %7s%n", "t-of-n", "rounds", "p50_ms", "p95_ms",
                "priv_ops", "base_mul", "var_mul", "bound_ms", "ratio");
        out.flush();
        List<String> summary = new ArrayList<>();
        Path dir = Files.createTempDirectory("keygen-bench");
        try {
            for (int[] size : tn) {
                int t = size[0];
                int n = size[1];
                int measured = rounds != null ? rounds : n <= 3 ? 10 : n <= 5 ? 6 : 4;
                // Every rate before and after the rounds, the faster kept: a bound taken in a slow moment would
                // not bound (the same rule as the RSA rate).
                double before = privateOperationRate(identities, cores, rsaSeconds);
                double baseBefore = GroupBench.baseMultiplicationsPerSecond(suite, 1.0) * cores;
                double multBefore = GroupBench.scalarMultiplicationsPerSecond(suite, 1.0) * cores;
                double[] latencies = runThreshold(t, n, measured, server, clients.subList(0, n), trust,
                        dir.resolve("t" + t + "n" + n), suite);
                double rate = Math.max(before, privateOperationRate(identities, cores, rsaSeconds));
                double base = Math.max(baseBefore, GroupBench.baseMultiplicationsPerSecond(suite, 1.0) * cores);
                double mult = Math.max(multBefore, GroupBench.scalarMultiplicationsPerSecond(suite, 1.0) * cores);
                Arrays.sort(latencies);
                double p50 = percentile(latencies, 50);
                double p95 = percentile(latencies, 95);
                long ops = thresholdPrivateOperations(n);
                long baseMuls = thresholdBaseMultiplications(t, n);
                long varMuls = thresholdMultiplications(t, n);
                double bound = (ops / rate + baseMuls / base + varMuls / mult) * 1000;
                out.printf(Locale.ROOT, "%8s %7d %10.1f %10.1f %9d %9d %9d %10.1f %7.2f%n", t + "-of-" + n, measured, p50,
                        p95, ops, baseMuls, varMuls, bound, bound / p50);
                if (bound / p50 > 1.0) {
                    out.printf(Locale.ROOT, "keygen-threshold-bench: warning: ratio %.2f at %d-of-%d is above 1.00: the "
                            + "bound is wrong (a rate was measured slower than the rounds ran; rerun on an idle machine)%n",
                            bound / p50, t, n);
                }
                out.flush();
                summary.add(String.format(Locale.ROOT, "keygen-threshold-bench: scheme=%s t=%d n=%d p50_ms=%.1f "
                        + "p95_ms=%.1f bound_ms=%.1f ratio=%.2f rsa_per_s=%.1f base_mult_per_s=%.0f mult_per_s=%.0f bound_ok=%s",
                        scheme, t, n, p50, p95, bound, bound / p50, rate, base, mult, bound / p50 > 1.0 ? "no" : "yes"));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        summary.forEach(out::println);
        out.flush();
        return 0;
    }

    private static double[] runThreshold(int t, int n, int measured, Identity server, List<Identity> clients,
                                         TrustAnchor trust, Path dir, Ciphersuite suite) throws Exception {
        RoundPolicy policy = new RoundPolicy(n, null, KeyParameters.DEFAULT, Duration.ofMinutes(5), 0, t, suite);
        Files.createDirectories(dir);
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try (KeygenService service = KeygenService.start(server, trust, new InetSocketAddress("127.0.0.1", 0),
                dir.resolve("key_store"), List.of(), policy, line -> { })) {
            int warmup = 1;
            double[] latencies = new double[measured];
            for (int r = 0; r < warmup + measured; r++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (Identity me : clients) {
                    ThresholdShareStore store = new ThresholdShareStore(dir.resolve(me.name()), me);
                    done.add(threads.submit(() -> {
                        go.await();
                        try (SecureChannel channel = SecureChannel.connect("127.0.0.1", service.port(), me, trust,
                                Set.of(Role.KEYGEN_SERVER), null, Duration.ofSeconds(60))) {
                            SecureChannel.Message first = channel.receive(ThresholdMessages.FROM_SERVER);
                            return ThresholdParticipant.participate(channel, first, me, trust, store, new SecureRandom(),
                                    ThresholdParticipant.HONEST);
                        }
                    }));
                }
                long start = System.nanoTime();
                go.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
                if (r >= warmup) {
                    latencies[r - warmup] = (System.nanoTime() - start) / 1e6;
                }
            }
            return latencies;
        } finally {
            threads.shutdownNow();
        }
    }

    private static int defaultRounds(int n) {
        return n <= 3 ? 20 : n <= 10 ? 10 : n <= 50 ? 6 : Math.max(5, 300 / n);
    }

    /** Round latencies in ms: from the clients starting to connect until the last one holds its receipt. */
    private double[] run(int n, int measured, Identity server, List<Identity> clients, TrustAnchor trust, Path store)
            throws Exception {
        RoundPolicy policy = new RoundPolicy(n, null, KeyParameters.DEFAULT, Duration.ofMinutes(2), 0);
        List<ContributionKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(ContributionKey.generate(new SecureRandom()));
        }
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try (KeygenService service = KeygenService.start(server, trust, new InetSocketAddress("127.0.0.1", 0), store,
                List.of(), policy, line -> { })) {
            int warmup = 2;
            double[] latencies = new double[measured];
            for (int r = 0; r < warmup + measured; r++) {
                double ms = round(service.port(), clients, keys, trust, threads);
                if (r >= warmup) {
                    latencies[r - warmup] = ms;
                }
            }
            return latencies;
        } finally {
            threads.shutdownNow();
            keys.forEach(ContributionKey::close);
        }
    }

    private static double round(int port, List<Identity> clients, List<ContributionKey> keys, TrustAnchor trust,
                                ExecutorService threads) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Identity me = clients.get(i);
            ContributionKey key = keys.get(i);
            done.add(threads.submit(() -> {
                go.await();
                try (SecureChannel channel = SecureChannel.connect("127.0.0.1", port, me, trust,
                        Set.of(Role.KEYGEN_SERVER), null, Duration.ofSeconds(60))) {
                    return RoundParticipant.participate(channel, me.name(), key, ContributionKey.NO_PHRASE,
                            new SecureRandom());
                }
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** The provider's rate (as below) and openssl's on as many processes as threads, one after the other. */
    private RsaBound.Rate machineRate(List<Identity> keys, int threads) throws InterruptedException {
        double provider = privateOperationRate(keys, threads, rsaSeconds);
        return new RsaBound.Rate(provider, RsaBound.opensslSignPerSecond(bits, threads, rsaSeconds));
    }

    /**
     * RSA private operations per second over {@code threads} threads, each signing with its own key (as the
     * parties of a round do; threads sharing one key contend on the JDK's per-key blinding state), after a
     * half-second warm-up.
     */
    static double privateOperationRate(List<Identity> keys, int threads, double seconds)
            throws InterruptedException {
        byte[] message = new byte[32];
        return Throughput.perSecond(threads, Duration.ofMillis(500), Throughput.seconds(seconds), t -> {
            Identity key = keys.get(t % keys.size());
            return () -> RsaPss.sign(key.privateKey(), message);
        });
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static void main(String[] args) {
        Cli.main("keygen-bench", new KeygenBench(), args);
    }
}
