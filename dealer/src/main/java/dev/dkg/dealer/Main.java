package dev.dkg.dealer;

import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The dealer executable. */
@Command(name = "dealer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Splits secrets among share holders and recovers them.")
public final class Main implements Runnable {
    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        throw new dev.dkg.cli.CliException(dev.dkg.cli.ExitCode.USAGE, "not available yet in this build");
    }

    public static void main(String[] args) {
        Cli.main("dealer", new Main(), args);
    }
}
