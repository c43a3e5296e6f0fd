package dev.dkg.keygen.server;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.PasswordInput;
import dev.dkg.crypto.Algorithms;
import dev.dkg.crypto.KeyId;
import dev.dkg.crypto.Secrets;
import dev.dkg.pki.Subject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keygen-server init}: the server makes its own key pair in its data directory and a request to certify. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Make this server's RSA key pair in the data directory (DIR/keygen-server.key, encrypted with the "
                + "password, owner-only) and a certificate request DIR/keygen-server.csr for 'pki issue --csr'.",
                "Then run the server with --certificate CERT.pem --data-dir DIR instead of --identity."})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The server's data directory (default ./data/keygen-server).")
    Path dataDir = ServerCredentials.DEFAULT_DATA_DIR;

    @Option(names = "--name", paramLabel = "NAME", description = "The name to request (default ${DEFAULT-VALUE}).")
    String name = "keygen";

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line encrypts the key; without it, asked twice on the terminal.")
    Path passwordFile;

    @Option(names = "--rsa-bits", paramLabel = "BITS", description = "2048, 3072 or 4096 (default ${DEFAULT-VALUE}).")
    int rsaBits = Algorithms.RSA_BITS_DEFAULT;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        try {
            Subject.checkName(name);
            Algorithms.checkRsaBits(rsaBits);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
        Path keyStore = dataDir.resolve("key_store");
        if (Files.exists(keyStore, LinkOption.NOFOLLOW_LINKS)) {
            // Its records are sealed to the key that wrote them; a new key could read none of them.
            throw new CliException(ExitCode.IO, keyStore + " already exists and belongs to the server identity that "
                    + "wrote it; a new key made here could not read its keys",
                    "init into a new --data-dir, or run the existing server with its own identity");
        }
        char[] password = newPassword();
        KeyPair pair;
        try {
            pair = ServerKeyFile.create(dataDir, name, rsaBits, password);
        } finally {
            Secrets.wipe(password);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + dataDir.resolve(ServerKeyFile.KEY_FILE) + " (private key, encrypted, owner-only)");
        out.println("wrote " + dataDir.resolve(ServerKeyFile.REQUEST_FILE) + " (certificate request for " + name
                + ", key fingerprint " + KeyId.of(pair.getPublic()).fingerprint() + ")");
        out.println("next: pki.sh issue --dir PKI --csr " + dataDir.resolve(ServerKeyFile.REQUEST_FILE)
                + " --name " + name + " --role keygen-server, then keygen-server --certificate PKI/" + name
                + ".pem --data-dir " + dataDir + " --trust PKI/ca.pem …");
        out.flush();
        return ExitCode.OK;
    }

    private char[] newPassword() {
        if (passwordFile != null) {
            return PasswordInput.fromFile(passwordFile);
        }
        char[] first = PasswordInput.read(null, "new password for the server key");
        char[] second = PasswordInput.read(null, "repeat the password");
        try {
            if (!Arrays.equals(first, second)) {
                Secrets.wipe(first);
                throw new CliException(ExitCode.USAGE, "the two passwords differ");
            }
            return first;
        } finally {
            Secrets.wipe(second);
        }
    }
}
