package dev.dkg.keygen.client;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.signing.VerifyOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code keygen-client verify}: checks a threshold signature offline, under a key this client holds or a PEM file. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a threshold signature of a file under a key this client holds a share of (--key) or a PEM public key.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** --identity, --password-file and --trust are global options of keygen-client. */
    @ParentCommand
    Main parent;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The client's data directory (default ./data/keygen-client/NAME).")
    Path dataDir;

    @Mixin
    VerifyOptions options;

    @Override
    public Integer call() throws IOException {
        return options.verify(spec.commandLine().getOut(), this::heldKey);
    }

    private GroupPublicKey heldKey(String id) throws IOException {
        try {
            HeldShare held = new ThresholdShareStore(Main.dataDirOf(dataDir, parent.identity()),
                    parent.identity()).find(id);
            if (held == null) {
                throw new CliException(ExitCode.IO, "this client holds no share of key " + id, "see 'keygen-client list'");
            }
            return new GroupPublicKey(held.groupKey());
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCode.VERIFICATION, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), "give more digits");
        }
    }
}
