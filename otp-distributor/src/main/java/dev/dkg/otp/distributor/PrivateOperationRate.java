package dev.dkg.otp.distributor;

import dev.dkg.bench.RsaBound;
import dev.dkg.bench.Throughput;
import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.crypto.CryptoProvider;
import dev.dkg.crypto.RsaKeys;
import dev.dkg.crypto.RsaOaep;
import dev.dkg.crypto.RsaPss;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Benchmark support for {@code scripts/bench.sh otp}: how many RSA private-key operations per second this
 * JVM's CPUs do with the distributor's own key, doing exactly the two a distributor does per exchange
 * (RSA-OAEP unwrap of a request's content key, RSA-PSS signature of a response), alternately, on one
 * thread per available CPU. The JIT on a small machine needs several seconds to reach its steady rate,
 * hence the long default warm-up. Then {@code openssl speed} for the same key size, one process per thread on
 * the same CPUs. Prints one line {@code rsa-private: bits=… threads=… private_per_s=… provider=… provider_per_s=…
 * openssl_per_s=… provider_openssl_ratio=…}, where {@code private_per_s} is the faster of the two: the bound.
 */
@Command(name = "private-operation-rate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measure RSA private operations per second with the distributor's key (benchmark support).")
public final class PrivateOperationRate implements Callable<Integer> {
    @Mixin
    VerboseOption verbose;

    @Mixin
    IdentityOptions identityOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--warmup", paramLabel = "S", description = "Unmeasured seconds first (default ${DEFAULT-VALUE}).")
    double warmupSeconds = 8;

    @Option(names = "--seconds", paramLabel = "S", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    double seconds = 5;

    @Override
    public Integer call() throws Exception {
        if (warmupSeconds < 0 || seconds <= 0 || warmupSeconds + seconds > 600) {
            throw new CliException(ExitCode.USAGE, "warm-up and measured seconds must be positive and at most 600 in all");
        }
        Identity me = identityOptions.identity(Role.OTP_DISTRIBUTOR);
        byte[] wrapped = RsaOaep.wrap(me.publicKey(), new byte[32], new SecureRandom());
        byte[] digest = new byte[32];
        int threads = Runtime.getRuntime().availableProcessors();
        double rate = Throughput.perSecond(threads, Throughput.seconds(warmupSeconds), Throughput.seconds(seconds), t -> {
            // Alternate the two private operations an exchange costs the distributor.
            boolean[] signNext = {false};
            return () -> {
                if (signNext[0]) {
                    RsaPss.sign(me.privateKey(), digest);
                } else {
                    RsaOaep.unwrap(me.privateKey(), wrapped);
                }
                signNext[0] = !signNext[0];
            };
        });
        int bits = RsaKeys.modulusBytes((RSAKey) me.privateKey()) * 8;
        RsaBound.Rate both = new RsaBound.Rate(rate, RsaBound.opensslSignPerSecond(bits, threads, seconds));
        spec.commandLine().getOut().printf(Locale.ROOT, "rsa-private: bits=%d threads=%d private_per_s=%.1f provider=%s %s%n",
                bits, threads, both.fastest(), CryptoProvider.active().name().replace(' ', '-'), both.fields());
        return ExitCode.OK;
    }

    public static void main(String[] args) {
        Cli.main("private-operation-rate", new PrivateOperationRate(), args);
    }
}
