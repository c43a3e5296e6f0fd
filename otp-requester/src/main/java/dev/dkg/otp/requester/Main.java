package dev.dkg.otp.requester;

import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The otp-requester executable. */
@Command(name = "otp-requester", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Requests and verifies one-time passwords.")
public final class Main implements Runnable {
    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        throw new dev.dkg.cli.CliException(dev.dkg.cli.ExitCode.USAGE, "not available yet in this build");
    }

    public static void main(String[] args) {
        Cli.main("otp-requester", new Main(), args);
    }
}
