package dev.dkg.pki;

import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The pki executable: the suite's own certificate authority. */
@Command(name = "pki", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"The suite's own certificate authority: create it, issue party certificates, inspect them.",
                "Passwords come only from --password-file FILE (first line) or a no-echo terminal prompt."},
        subcommands = {InitCaCommand.class, IssueCommand.class, ShowCommand.class})
public final class PkiMain implements Runnable {
    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        throw new CliException(ExitCode.USAGE, "missing subcommand", "see 'pki --help'");
    }

    public static void main(String[] args) {
        Cli.main("pki", new PkiMain(), args);
    }
}
