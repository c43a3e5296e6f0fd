package dev.dkg.otp.distributor;

import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The otp-distributor executable. */
@Command(name = "otp-distributor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serves and verifies one-time passwords from the key store.")
public final class Main implements Runnable {
    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        throw new dev.dkg.cli.CliException(dev.dkg.cli.ExitCode.USAGE, "not available yet in this build");
    }

    public static void main(String[] args) {
        Cli.main("otp-distributor", new Main(), args);
    }
}
