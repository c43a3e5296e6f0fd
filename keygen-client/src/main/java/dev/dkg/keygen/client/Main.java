package dev.dkg.keygen.client;

import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The keygen-client executable. */
@Command(name = "keygen-client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Contributes to key-generation rounds.")
public final class Main implements Runnable {
    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        throw new dev.dkg.cli.CliException(dev.dkg.cli.ExitCode.USAGE, "not available yet in this build");
    }

    public static void main(String[] args) {
        Cli.main("keygen-client", new Main(), args);
    }
}
