package dev.dkg.bench;

import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.CryptoProvider;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.RsaKeys;
import dev.dkg.crypto.RsaPss;
import java.io.PrintWriter;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Measures the transport's crypto costs on this machine with plain timed loops after a warm-up: RSA-PSS
 * sign (private op) and verify (public op), envelope seal and open, on one thread and on all cores, with the
 * crypto provider in use; then the same private operation on the JDK's RSA and with {@code openssl speed}.
 * Prints a table and one machine-readable {@code crypto-bench:} line with the single-thread figures.
 */
@Command(name = "crypto-bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measure RSA and envelope throughput.")
public final class CryptoBench implements Callable<Integer> {
    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--bits", description = "RSA key size: 2048, 3072 or 4096 (default ${DEFAULT-VALUE}).")
    int bits = Algorithms.RSA_BITS_DEFAULT;

    @Option(names = "--seconds", description = "Measured seconds per figure, after as long again of warm-up "
            + "capped at 2 s (default ${DEFAULT-VALUE}).")
    double seconds = 2.0;

    @Option(names = "--payload", description = "Envelope plaintext size in bytes (default ${DEFAULT-VALUE}).")
    int payloadBytes = 1024;

    @Override
    public Integer call() throws Exception {
        Algorithms.checkRsaBits(bits);
        if (seconds <= 0 || seconds > 600) {
            throw new IllegalArgumentException("--seconds must be in (0, 600]");
        }
        PrintWriter out = spec.commandLine().getOut();
        int cores = Runtime.getRuntime().availableProcessors();
        KeyPair sender = RsaKeys.generate(bits);
        KeyPair recipient = RsaKeys.generate(bits);
        byte[] message = new byte[32];
        byte[] payload = new byte[payloadBytes];
        new SecureRandom().nextBytes(payload);
        byte[] session = new byte[Envelope.SESSION_ID_BYTES];
        byte[] signature = RsaPss.sign(sender.getPrivate(), message);
        byte[] envelope = Envelope.seal(1, session, 0, sender.getPrivate(), sender.getPublic(),
                List.of(recipient.getPublic()), payload);
        Envelope.Expect expect = Envelope.Expect.of(session, 0);

        Throughput.Operation sign = () -> RsaPss.sign(sender.getPrivate(), message);
        Throughput.Operation verify = () -> RsaPss.verify(sender.getPublic(), message, signature);
        Throughput.Operation seal = () -> Envelope.seal(1, session, 0, sender.getPrivate(), sender.getPublic(),
                List.of(recipient.getPublic()), payload);
        Throughput.Operation open = () -> Envelope.open(envelope, expect, recipient.getPrivate(), recipient.getPublic(),
                sender.getPublic());

        out.printf(Locale.ROOT, "RSA-%d, envelope payload %d bytes, 1 recipient, %d cores, %.1f s per figure%n",
                bits, payloadBytes, cores, seconds);
        out.printf(Locale.ROOT, "%-26s %14s %14s%n", "operation", "1 thread /s", cores + " threads /s");
        double[] single = new double[4];
        String[] names = {"RSA private (PSS sign)", "RSA public (PSS verify)", "envelope seal", "envelope open"};
        Throughput.Operation[] ops = {sign, verify, seal, open};
        for (int i = 0; i < ops.length; i++) {
            single[i] = rate(ops[i], 1);
            double multi = cores > 1 ? rate(ops[i], cores) : single[i];
            out.printf(Locale.ROOT, "%-26s %14.1f %14.1f%n", names[i], single[i], multi);
            out.flush();
        }
        // The same private operation on the JDK's RSA and on OpenSSL's, one thread each, to show what the
        // provider in use leaves on the table (provider/OpenSSL near 1.0 means nothing).
        CryptoProvider provider = CryptoProvider.active();
        Signature jdkSigner = CryptoProvider.jdk().signature(Algorithms.RSA_PSS);
        jdkSigner.setParameter(Algorithms.RSA_PSS_SHA256);
        double jdk = rate(() -> {
            jdkSigner.initSign(sender.getPrivate());
            jdkSigner.update(message);
            jdkSigner.sign();
        }, 1);
        RsaBound.Rate rsa = new RsaBound.Rate(single[0], RsaBound.opensslSignPerSecond(bits, 1, seconds));
        out.printf(Locale.ROOT, "RSA-%d private op, 1 thread: JDK %.1f/s, %s %.1f/s (in use), OpenSSL %s/s (openssl speed), "
                + "provider/OpenSSL %s%n", bits, jdk, provider.name(), rsa.provider(),
                Double.isNaN(rsa.openssl()) ? "unavailable" : String.format(Locale.ROOT, "%.1f", rsa.openssl()),
                Double.isNaN(rsa.openssl()) ? "unavailable" : String.format(Locale.ROOT, "%.2f", rsa.providerToOpenssl()));
        out.printf(Locale.ROOT, "crypto-bench: bits=%d rsa_private_per_s=%.1f rsa_public_per_s=%.1f seal_per_s=%.1f "
                + "open_per_s=%.1f provider=%s jdk_private_per_s=%.1f %s%n", bits, single[0], single[1], single[2],
                single[3], provider.name().replace(' ', '-'), jdk, rsa.fields());
        out.flush();
        return 0;
    }

    /** Operations per second over {@code threads} threads, after a warm-up on the same threads. */
    private double rate(Throughput.Operation op, int threads) throws InterruptedException {
        return Throughput.perSecond(threads, Throughput.seconds(Math.min(2.0, seconds)), Throughput.seconds(seconds),
                t -> op);
    }

    public static void main(String[] args) {
        Cli.main("crypto-bench", new CryptoBench(), args);
    }
}
