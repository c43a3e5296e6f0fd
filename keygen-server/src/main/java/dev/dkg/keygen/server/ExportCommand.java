package dev.dkg.keygen.server;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.CliException;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.frost.GroupPublicKey;
import dev.dkg.keygen.GroupKeyFingerprint;
import dev.dkg.cli.IdPrefix;
import dev.dkg.cli.OutputPath;
import dev.dkg.keygen.KeyRecord;
import dev.dkg.keygen.ThresholdKeyRecord;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keygen-server export}: writes one application key derived from a stored key to a new owner-only file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a key derived from a stored key to a new owner-only file (never overwrites).",
                "otp: base32 secret and otpauth:// URI; aes256: hex; p256, secp256k1, ed25519: PEM private key "
                        + "then public key. Each format is derived under its own label, so exports are independent.",
                "public: the group public key of a threshold key (SubjectPublicKeyInfo PEM), its only format."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerCredentials credentials;

    @ParentCommand
    Main parent;

    @Option(names = "--key", required = true, paramLabel = "ID", description = "Key id, or a unique prefix of 8+ hex digits.")
    String keyId;

    @Option(names = "--as", required = true, paramLabel = "FORMAT", converter = KeyExport.FormatConverter.class,
            description = "otp, aes256, p256, secp256k1, ed25519; public for threshold keys.")
    KeyExport.Format format;

    @Option(names = "--out", required = true, paramLabel = "FILE|-",
            description = "The new file to write; - writes to standard output when that is not a terminal (a pipe).")
    Path out;

    @Option(names = "--issuer", paramLabel = "NAME",
            description = "otp only: the issuer authenticator apps show (default dkg, as the distributor's --issuer).")
    String issuer;

    @Option(names = "--account", paramLabel = "NAME",
            description = "otp only: the account name authenticator apps show (default the key id, as the distributor's ENROLL).")
    String account;

    @Override
    public Integer call() throws IOException {
        if ((issuer != null || account != null) && format != KeyExport.Format.OTP) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--issuer and --account apply to --as otp only");
        }
        if ((issuer != null && issuer.isBlank()) || (account != null && account.isBlank())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--issuer and --account must not be empty");
        }
        OutputPath.checkNew(out, "--out", false, null);
        IdPrefix.normalise(keyId, "key");
        boolean toStdout = OutputPath.isStdout(out);
        if (toStdout && System.console() != null) {
            throw new CliException(ExitCode.USAGE, "refusing to print key material on a terminal",
                    "pipe it to the program that takes it, or give --out FILE");
        }
        ServerCredentials given = credentials.orParent(parent.credentials);
        ThresholdKeyRecord threshold = keyId.matches("[0-9a-fA-F]{8,32}")
                ? StoredKeys.findThreshold(StoredKeys.readThreshold(given), keyId) : null;
        if (threshold != null) {
            if (format != KeyExport.Format.PUBLIC) {
                throw new CliException(ExitCode.USAGE, "key " + threshold.keyId() + " is a " + threshold.thresholdLabel()
                        + " threshold key: no party holds its secret, so --as " + format.label() + " cannot be exported",
                        "use --as public");
            }
            SecretFiles.writeNew(out, new GroupPublicKey(threshold.groupKey()).toPem().getBytes(StandardCharsets.US_ASCII));
            PrintWriter printer = spec.commandLine().getOut();
            printer.println("wrote " + out + " (" + threshold.suite().scheme() + " group public key of "
                    + threshold.thresholdLabel() + " key " + threshold.keyId() + ", fingerprint "
                    + GroupKeyFingerprint.of(threshold.groupKey()) + ")");
            printer.flush();
            return ExitCode.OK;
        }
        if (format == KeyExport.Format.PUBLIC) {
            throw new CliException(ExitCode.USAGE, "--as public is for threshold keys",
                    "an ordinary key's public key is in its p256, secp256k1 or ed25519 export");
        }
        KeyExport.OtpLabel label = new KeyExport.OtpLabel(issuer, account);
        List<KeyRecord> keys = StoredKeys.read(given).keys();
        try {
            KeyRecord key = StoredKeys.find(keys, keyId);
            PrintWriter printer = spec.commandLine().getOut();
            if (toStdout) {
                printer.print(KeyExport.text(key, format, label));
                printer.flush();
                spec.commandLine().getErr().println("keygen-server: wrote " + format.label() + " for key "
                        + key.keyId() + " to standard output");
                spec.commandLine().getErr().flush();
            } else {
                KeyExport.write(key, format, out, label);
                printer.println("wrote " + out + " (" + format.label() + " for key " + key.keyId() + ", owner-only)");
                printer.flush();
            }
        } finally {
            keys.forEach(KeyRecord::wipe);
        }
        return ExitCode.OK;
    }
}
