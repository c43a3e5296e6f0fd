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
        subcommands = {InitCaCommand.class, IssueCommand.class, ShowCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:unexpected failure", "2:bad arguments (unknown role, malformed name, bad option)",
                "3:wrong CA password, or a request or certificate that does not verify",
                "5:file missing, unreadable or damaged, or an output file that already exists"})
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
