package dev.dkg.keygen.server;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.cli.PasswordInput;
import dev.dkg.crypto.Secrets;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Pem;
import dev.dkg.pki.Role;
import dev.dkg.pki.Subject;
import dev.dkg.pki.TrustAnchor;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Who the keygen server is, from either a PKCS#12 identity ({@code --identity}, from 'pki issue') or the key
 * it made itself with 'keygen-server init' plus the certificate issued for its request ({@code --certificate});
 * whom it trusts ({@code --trust}); and where its data lives ({@code --data-dir}). The identity is checked
 * against the CA up front, so a wrong certificate fails at start, not at the first client.
 */
final class ServerCredentials {
    static final Path DEFAULT_DATA_DIR = Path.of("data", "keygen-server");

    @Option(names = "--identity", paramLabel = "FILE.p12", description = "The server's key and certificate (from 'pki issue').")
    Path identityFile;

    @Option(names = "--certificate", paramLabel = "CERT.pem",
            description = "The certificate issued for DATA/keygen-server.csr; the key is DATA/keygen-server.key from 'init'.")
    Path certificateFile;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the password of the identity or key; without it, asked on the terminal.")
    Path passwordFile;

    @Option(names = "--trust", paramLabel = "CA.pem", description = "The CA certificate every client must be issued by.")
    Path trustFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Holds key_store (default ./data/keygen-server).")
    Path dataDir = DEFAULT_DATA_DIR;

    private Identity identity;
    private TrustAnchor trust;

    /**
     * These options if any identity option was given here, else {@code parent}'s: so both
     * {@code keygen-server list --identity …} and {@code keygen-server --identity … list} work.
     */
    ServerCredentials orParent(ServerCredentials parent) {
        boolean given = identityFile != null || certificateFile != null || trustFile != null || passwordFile != null;
        return given || parent == null ? this : parent;
    }

    /** Fails with exit 2 unless exactly one identity source and a trust file were given. */
    void checkArguments() {
        if ((identityFile == null) == (certificateFile == null)) {
            throw new CliException(ExitCode.USAGE, "give either --identity FILE.p12 or --certificate CERT.pem",
                    "--certificate is for a key made by 'keygen-server init' in the data directory");
        }
        if (trustFile == null) {
            throw new CliException(ExitCode.USAGE, "missing --trust CA.pem");
        }
    }

    Path dataDir() {
        return dataDir;
    }

    Path keyStore() {
        return dataDir.resolve("key_store");
    }

    TrustAnchor trust() {
        if (trust == null) {
            trust = IdentityOptions.of(identityFile, passwordFile, trustFile).trust();
        }
        return trust;
    }

    /** Loads the identity once and checks it is a keygen-server identity our CA issued. */
    Identity identity() {
        if (identity != null) {
            return identity;
        }
        checkArguments();
        Identity loaded = identityFile != null ? IdentityOptions.of(identityFile, passwordFile, trustFile)
                .identity(Role.KEYGEN_SERVER)
                : fromDataDir();
        try {
            trust().validate(loaded.chain(), Instant.now(), Set.of(Role.KEYGEN_SERVER));
        } catch (CertificateException e) {
            throw new CliException(ExitCode.VERIFICATION, "this server's own certificate is not acceptable: "
                    + e.getMessage(), "issue one with 'pki issue --role keygen-server' from the CA in --trust");
        }
        identity = loaded;
        return identity;
    }

    private Identity fromDataDir() {
        List<X509Certificate> chain;
        try {
            chain = Pem.readCertificates(certificateFile);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "certificate not found: " + certificateFile);
        } catch (IOException | CertificateException e) {
            throw new CliException(ExitCode.IO, "unusable certificate file " + certificateFile + ": " + e.getMessage());
        }
        char[] password = PasswordInput.read(passwordFile, "password for " + dataDir.resolve(ServerKeyFile.KEY_FILE));
        PrivateKey key;
        try {
            key = ServerKeyFile.load(dataDir, password);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "no server key in " + dataDir + " (" + e.getFile() + ")",
                    "make one with 'keygen-server init --data-dir " + dataDir + "'");
        } catch (UnrecoverableKeyException e) {
            throw new CliException(ExitCode.VERIFICATION, e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            throw new CliException(ExitCode.IO, "unusable server key: " + e.getMessage());
        } finally {
            Secrets.wipe(password);
        }
        X509Certificate leaf = chain.get(0);
        if (!(key instanceof RSAPrivateCrtKey rsa) || !(leaf.getPublicKey() instanceof RSAPublicKey pub)
                || !rsa.getModulus().equals(pub.getModulus())) {
            throw new CliException(ExitCode.VERIFICATION, certificateFile + " is not the certificate for the key in "
                    + dataDir, "certify " + dataDir.resolve(ServerKeyFile.REQUEST_FILE) + " with 'pki issue --csr'");
        }
        try {
            Subject subject = Subject.of(leaf);
            return new Identity(subject.name(), subject.role(), key, chain);
        } catch (CertificateException e) {
            throw new CliException(ExitCode.VERIFICATION, certificateFile + ": " + e.getMessage());
        }
    }
}
