package dev.dkg.keygen.client;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.keygen.GroupKeyFingerprint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keygen-client export}: writes the group public key of a threshold key this client holds a share of. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the group public key of a threshold key as a SubjectPublicKeyInfo PEM (never overwrites).",
                "Only 'public': no party holds a threshold key's secret, so there is no secret to export."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main parent;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The client's data directory (default ./data/keygen-client/NAME).")
    Path dataDir;

    @Option(names = "--key", required = true, paramLabel = "ID", description = "Key id, or a unique prefix of 8+ hex digits.")
    String keyId;

    @Option(names = "--as", required = true, paramLabel = "FORMAT", description = "public (the only format of a threshold key).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The new file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("public")) {
            throw new CliException(ExitCode.USAGE, "--as " + format + " needs the key's secret, and no party holds the "
                    + "secret of a threshold key", "use --as public");
        }
        if (!keyId.matches("[0-9a-fA-F]{8,32}")) {
            throw new CliException(ExitCode.USAGE, "a key id is 8 to 32 hex digits, not '" + keyId + "'");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(out.toString());
        }
        HeldShare share;
        try {
            share = new ThresholdShareStore(Main.dataDirOf(dataDir != null ? dataDir : parent.dataDir, parent.identity()),
                    parent.identity()).find(keyId);
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCode.VERIFICATION, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), "give more digits");
        }
        if (share == null) {
            throw new CliException(ExitCode.FAILURE, "this client holds no share of key " + keyId, "see 'keygen-client list'");
        }
        SecretFiles.writeNew(out, new GroupPublicKey(share.groupKey()).toPem().getBytes(StandardCharsets.US_ASCII));
        PrintWriter printer = spec.commandLine().getOut();
        printer.println("wrote " + out + " (" + share.suite().scheme() + " group public key of " + share.receipt().thresholdLabel()
                + " key " + share.keyIdHex() + ", fingerprint " + GroupKeyFingerprint.of(share.groupKey()) + ")");
        printer.flush();
        return ExitCode.OK;
    }
}
