package dev.dkg.otp.requester;

import dev.dkg.otp.protocol.OtpOperation;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpMode;
import dev.dkg.otp.protocol.OtpRequestException;
import dev.dkg.otp.protocol.OtpResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: N requesters, each on its own persistent connection and thread, send {@code get} (TOTP)
 * requests back to back for a fixed time; prints exchanges per second, p50/p99 latency and errors, ending
 * with one machine-readable {@code bench:} line. With {@code --operation verify} each requester instead gets
 * the next HOTP code and verifies it, and only the verify exchanges are counted and timed: the figure is
 * verifications per second, each one a change of the key's state (a state log append, or a database
 * transaction). Give several {@code --key}s so that requesters do not race each other on one counter:
 * requester i uses key i mod (number of keys).
 *
 * <p>Connections are made (handshakes done) before the clock starts, and a warm-up runs before the
 * measured window, so the figure is the steady exchange rate. An exchange is one sealed request and its
 * sealed response. A failed exchange counts as an error and ends that requester's connection.
 */
@Command(name = "bench", description = "Measure exchanges per second with N concurrent persistent connections.")
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--connections", paramLabel = "N", description = "Concurrent requesters (default ${DEFAULT-VALUE}).")
    int connections = 32;

    @Option(names = "--duration", paramLabel = "S", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    double durationSeconds = 10;

    @Option(names = "--warmup", paramLabel = "S", description = "Unmeasured seconds first (default ${DEFAULT-VALUE}).")
    double warmupSeconds = 3;

    @Option(names = "--key", paramLabel = "KEY", description = "Key to request (repeatable: requester i uses key i mod N; "
            + "default: the first key 'list' shows with get).")
    List<String> keyIds;

    @Option(names = "--operation", paramLabel = "get|verify",
            description = "What is measured: TOTP get, or HOTP verify (default ${DEFAULT-VALUE}).")
    String operation = "get";

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || connections > 1024 || durationSeconds <= 0 || durationSeconds > 3600
                || warmupSeconds < 0 || warmupSeconds > 600) {
            throw new CliException(ExitCode.USAGE, "need 1..1024 connections, a duration in (0, 3600] s and a warm-up"
                    + " in [0, 600] s");
        }
        if (!operation.equals("get") && !operation.equals("verify")) {
            throw new CliException(ExitCode.USAGE, "--operation must be get or verify, not " + operation);
        }
        boolean verify = operation.equals("verify");
        PrintWriter out = spec.commandLine().getOut();
        List<OtpClient> clients = connectAll();
        try {
            List<String> keys = keyIds != null && !keyIds.isEmpty() ? keyIds : List.of(firstGettableKey(clients.get(0)));
            String key = String.join(",", keys);
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmupSeconds * 1e9);
            long end = measureFrom + (long) (durationSeconds * 1e9);
            AtomicLong errors = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(connections, r -> {
                Thread t = new Thread(r, "bench-requester");
                t.setDaemon(true);
                return t;
            });
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                OtpClient client = clients.get(i);
                String own = keys.get(i % keys.size());
                results.add(pool.submit(() -> run(client, own, verify, measureFrom, end, errors)));
            }
            long[] all = new long[0];
            for (Future<long[]> f : results) {
                long[] part = f.get();
                long[] merged = Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
            pool.shutdown();
            Arrays.sort(all);
            double rate = all.length / durationSeconds;
            out.printf(Locale.ROOT, "%d connections, key %s, %.1f s measured after %.1f s warm-up%n", connections, key,
                    durationSeconds, warmupSeconds);
            out.printf(Locale.ROOT, "bench: connections=%d duration_s=%.1f exchanges=%d exchanges_per_s=%.1f p50_ms=%.2f "
                            + "p99_ms=%.2f errors=%d operation=%s%n", connections, durationSeconds, all.length, rate,
                    percentileMillis(all, 0.50), percentileMillis(all, 0.99), errors.get(), operation);
            out.flush();
            return errors.get() == 0 ? ExitCode.OK : ExitCode.FAILURE;
        } finally {
            for (OtpClient c : clients) {
                c.close();
            }
        }
    }

    /** One requester's loop: latencies (ns) of the exchanges that started inside the measured window. */
    private static long[] run(OtpClient client, String key, boolean verify, long measureFrom, long end,
                              AtomicLong errors) {
        long[] latencies = new long[1024];
        int n = 0;
        long t0;
        while ((t0 = System.nanoTime()) < end) {
            try {
                if (verify) {
                    String code = client.get(key, OtpMode.HOTP).code();
                    t0 = System.nanoTime();
                    if (client.verify(key, OtpMode.HOTP, code).outcome() != OtpResponse.Outcome.ACCEPTED) {
                        throw new IllegalStateException("the code just handed out was not accepted");
                    }
                } else {
                    client.get(key, OtpMode.TOTP);
                }
            } catch (IOException | OtpRequestException | RuntimeException e) {
                errors.incrementAndGet();
                // Looked up here, not in a static field: picocli builds every subcommand for any command line.
                LoggerFactory.getLogger(BenchCommand.class).warn("exchange failed: {}", e.toString());
                return Arrays.copyOf(latencies, n);
            }
            long t1 = System.nanoTime();
            if (t0 >= measureFrom && t1 <= end) {
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, 2 * n);
                }
                latencies[n++] = t1 - t0;
            }
        }
        return Arrays.copyOf(latencies, n);
    }

    private List<OtpClient> connectAll() throws InterruptedException {
        List<OtpClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(connections, 8));
        try {
            List<Future<OtpClient>> pending = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(connections);
            for (int i = 0; i < connections; i++) {
                pending.add(pool.submit(() -> {
                    try {
                        return parent.connect();
                    } finally {
                        ready.countDown();
                    }
                }));
            }
            ready.await();
            CliException first = null;
            for (Future<OtpClient> f : pending) {
                try {
                    clients.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null && e.getCause() instanceof CliException c) {
                        first = c;
                    }
                }
            }
            if (first != null || clients.size() < connections) {
                clients.forEach(OtpClient::close);
                throw first != null ? first
                        : new CliException(ExitCode.FAILURE, "only " + clients.size() + " of " + connections + " connected");
            }
            return clients;
        } finally {
            pool.shutdown();
        }
    }

    private String firstGettableKey(OtpClient client) throws IOException {
        try {
            for (OtpResponse.KeyEntry k : client.list()) {
                if (k.operations().contains(OtpOperation.GET)) {
                    return k.keyId();
                }
            }
        } catch (OtpRequestException e) {
            throw Main.failure(e, "list", null);
        }
        throw new CliException(ExitCode.FAILURE, "no key this requester may get", "give one with --key");
    }

    private static double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
