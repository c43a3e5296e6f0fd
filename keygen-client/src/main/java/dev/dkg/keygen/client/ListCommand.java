package dev.dkg.keygen.client;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.keygen.GroupKeyFingerprint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keygen-client list}: the threshold keys this client holds a share of; never the share. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the threshold keys this client holds a share of, one per line:",
                "KEY-ID SCHEME T-of-N GROUP-KEY-FINGERPRINT IDENTIFIER PARTICIPANTS"})
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main parent;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The client's data directory (default ./data/keygen-client/NAME).")
    Path dataDir;

    @Override
    public Integer call() throws IOException {
        ThresholdShareStore store = new ThresholdShareStore(Main.dataDirOf(dataDir != null ? dataDir : parent.dataDir, parent.identity()),
                parent.identity());
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (HeldShare s : store.list()) {
                out.println(s.keyIdHex() + " " + s.suite().scheme() + " " + s.receipt().thresholdLabel() + " "
                        + GroupKeyFingerprint.of(s.groupKey()) + " " + s.identifier() + " "
                        + String.join(",", s.receipt().participants()));
            }
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCode.VERIFICATION, e.getMessage(), "is this the identity the data directory belongs to?");
        }
        out.flush();
        return ExitCode.OK;
    }
}
