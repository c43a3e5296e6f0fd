package dev.dkg.keygen.server;

import dev.dkg.cli.Cli;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The keygen-server executable. */
@Command(name = "keygen-server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs key-generation rounds and keeps the key store.")
public final class Main implements Runnable {
    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        throw new dev.dkg.cli.CliException(dev.dkg.cli.ExitCode.USAGE, "not available yet in this build");
    }

    public static void main(String[] args) {
        Cli.main("keygen-server", new Main(), args);
    }
}
