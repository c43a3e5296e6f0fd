package dev.dkg.otp.distributor;

import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.crypto.Secrets;
import dev.dkg.otp.OtpAlgorithm;
import dev.dkg.otp.OtpParameters;
import dev.dkg.otp.protocol.KeyIds;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Test support until keygen's key store is wired in: appends a key with a fresh random 32-byte OTP secret
 * to an {@link InterimKeyStore}, sealed to the distributor whose identity is given. The system test and
 * {@code scripts/bench.sh otp} use it; the secret is never printed.
 */
@Command(name = "interim-key-store", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Append a random OTP key to an interim key store (test support).")
public final class InterimKeyStoreWriter implements Callable<Integer> {
    @Mixin
    VerboseOption verbose;

    @Mixin
    IdentityOptions identityOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--key-store", required = true, paramLabel = "PATH", description = "Store to append to (created if missing).")
    Path keyStore;

    @Option(names = "--key-id", required = true, paramLabel = "ID", description = "Id of the new key.")
    String keyId;

    @Option(names = "--purpose", description = "Purpose recorded with the key (default ${DEFAULT-VALUE}).")
    String purpose = "otp";

    @Option(names = "--algorithm", description = "SHA1, SHA256 or SHA512 (default ${DEFAULT-VALUE}).")
    String algorithm = "SHA1";

    @Option(names = "--digits", description = "6, 7 or 8 (default ${DEFAULT-VALUE}).")
    int digits = 6;

    @Option(names = "--step", description = "TOTP step in seconds (default ${DEFAULT-VALUE}).")
    int stepSeconds = 30;

    @Override
    public Integer call() throws Exception {
        KeyInfo info;
        try {
            info = new KeyInfo(KeyIds.check(keyId), purpose, Instant.now(),
                    new OtpParameters(OtpAlgorithm.fromUriName(algorithm), digits, Duration.ofSeconds(stepSeconds)));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
        Identity identity = identityOptions.identity();
        if (identity.role() != Role.OTP_DISTRIBUTOR) {
            throw new CliException(ExitCode.IO, "the key store is sealed to the distributor: give its identity");
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            InterimKeyStore.append(keyStore, identity, info, secret);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        } finally {
            Secrets.wipe(secret);
        }
        spec.commandLine().getOut().println("added key " + info.keyId() + " to " + keyStore);
        return ExitCode.OK;
    }

    public static void main(String[] args) {
        Cli.main("interim-key-store", new InterimKeyStoreWriter(), args);
    }
}
