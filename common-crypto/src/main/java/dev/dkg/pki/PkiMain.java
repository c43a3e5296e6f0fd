package dev.dkg.pki;

import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The pki executable: the suite's own certificate authority. */
@Command(name = "pki", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "The suite's own certificate authority.")
public final class PkiMain implements Runnable {
    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        throw new dev.dkg.cli.CliException(dev.dkg.cli.ExitCode.USAGE, "missing subcommand");
    }

    public static void main(String[] args) {
        Cli.main("pki", new PkiMain(), args);
    }
}
