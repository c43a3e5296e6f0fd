package dev.dkg.frost;

import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures scalar multiplications per second for each ciphersuite on one thread (variable point and base
 * point), after a warm-up. Prints a table and one machine-readable {@code group-bench:} line; the DKG and
 * signing benchmarks call {@link #scalarMultiplicationsPerSecond} for their bounds.
 */
@Command(name = "group-bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measure FROST group scalar multiplication rates.")
public final class GroupBench implements Callable<Integer> {
    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", description = "Measured seconds per figure, after a warm-up of half as long "
            + "(default ${DEFAULT-VALUE}).")
    double seconds = 1.0;

    @Override
    public Integer call() {
        if (seconds <= 0 || seconds > 600) {
            throw new CliException(ExitCode.USAGE, "--seconds must be in (0, 600], not " + seconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder line = new StringBuilder("group-bench:");
        out.printf("%-10s %14s %14s%n", "suite", "mult/s", "base-mult/s");
        for (Ciphersuite suite : Ciphersuite.values()) {
            double variable = scalarMultiplicationsPerSecond(suite, seconds);
            double base = baseMultiplicationsPerSecond(suite, seconds);
            out.printf(Locale.ROOT, "%-10s %14.0f %14.0f%n", suite.scheme(), variable, base);
            line.append(String.format(Locale.ROOT, " %s_mult_per_s=%.0f %s_base_mult_per_s=%.0f",
                    suite.scheme(), variable, suite.scheme(), base));
        }
        out.println(line);
        out.flush();
        return 0;
    }

    /** k·P for random k and a fixed non-generator P, per second on this thread. */
    public static double scalarMultiplicationsPerSecond(Ciphersuite suite, double seconds) {
        SecureRandom random = new SecureRandom();
        Element point = suite.baseMultiply(suite.randomNonZeroScalar(random));
        return rate(seconds, suite, random, k -> point.multiply(k));
    }

    /** k·G for random k, per second on this thread. */
    public static double baseMultiplicationsPerSecond(Ciphersuite suite, double seconds) {
        return rate(seconds, suite, new SecureRandom(), suite::baseMultiply);
    }

    private static double rate(double seconds, Ciphersuite suite, SecureRandom random,
            Function<BigInteger, Element> operation) {
        BigInteger[] scalars = new BigInteger[64];
        for (int i = 0; i < scalars.length; i++) {
            scalars[i] = suite.randomNonZeroScalar(random);
        }
        run(seconds / 2, scalars, operation);
        return run(seconds, scalars, operation);
    }

    private static double run(double seconds, BigInteger[] scalars,
            Function<BigInteger, Element> operation) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        int sink = 0;
        while (System.nanoTime() < deadline) {
            sink += operation.apply(scalars[(int) (count & 63)]).isIdentity() ? 1 : 0;
            count++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (sink < 0) {
            System.err.print(""); // keeps the results alive for the JIT
        }
        return count / elapsed;
    }

    public static void main(String[] args) {
        Cli.main("group-bench", new GroupBench(), args);
    }
}
