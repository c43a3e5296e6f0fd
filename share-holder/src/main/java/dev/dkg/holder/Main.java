package dev.dkg.holder;

import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The share-holder executable. */
@Command(name = "share-holder", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Holds verifiable shares for a dealer.")
public final class Main implements Runnable {
    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        throw new dev.dkg.cli.CliException(dev.dkg.cli.ExitCode.USAGE, "not available yet in this build");
    }

    public static void main(String[] args) {
        Cli.main("share-holder", new Main(), args);
    }
}
