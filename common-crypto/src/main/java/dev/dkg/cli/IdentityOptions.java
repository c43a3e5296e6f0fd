package dev.dkg.cli;

import dev.dkg.crypto.Secrets;
import dev.dkg.pki.Identity;
import dev.dkg.pki.RevocationList;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The picocli mixin every role executable uses for who it is and whom it trusts:
 * {@code --identity FILE.p12}, {@code --password-file FILE}, {@code --trust CA.pem}.
 * Failures become one-line {@link CliException}s: a missing or unreadable file exits 5, a wrong password 3,
 * an identity whose certificate has another role than the executable's 3.
 * The options are global (given before or after a subcommand) and checked when used, not by the parser, so
 * {@code --help} of any subcommand works without them; a missing one is a usage error (exit 2).
 */
public final class IdentityOptions {
    @Option(names = "--identity", scope = ScopeType.INHERIT, paramLabel = "FILE.p12",
            description = "This party's private key and certificate (PKCS#12 from 'pki issue').")
    Path identityFile;

    @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "File whose first line is the identity password; without it, asked on the terminal.")
    Path passwordFile;

    @Option(names = "--trust", scope = ScopeType.INHERIT, paramLabel = "CA.pem",
            description = "The CA certificate (ca.pem from 'pki init-ca') every peer must be issued by.")
    Path trustFile;

    @Option(names = "--crl", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The CA's revocation list (ca.crl from 'pki revoke'): revoked peers are refused at the "
                    + "handshake and their open sessions closed; read again when it changes.")
    Path crlFile;

    private Identity identity;
    private TrustAnchor trust;

    /** Sets the options directly, for code that builds the mixin without parsing a command line. */
    public static IdentityOptions of(Path identityFile, Path passwordFile, Path trustFile) {
        IdentityOptions options = new IdentityOptions();
        options.identityFile = identityFile;
        options.passwordFile = passwordFile;
        options.trustFile = trustFile;
        return options;
    }

    /** Sets {@code --crl} (null for none), for code that builds the mixin without parsing a command line. */
    public IdentityOptions withCrl(Path crl) {
        this.crlFile = crl;
        return this;
    }

    public Path identityFile() {
        return identityFile;
    }

    public Path trustFile() {
        return trustFile;
    }

    /**
     * Loads the identity once (asking for the password if no file was given; the password is wiped after) and
     * refuses it unless its certificate's role is {@code role}, the role of the executable asking: a dealer run
     * with a holder's identity would otherwise start and fail later in confusing ways.
     */
    public synchronized Identity identity(Role role) {
        Identity loaded = load();
        if (loaded.role() != role) {
            throw new CliException(ExitCode.VERIFICATION, "identity " + identityFile + " has role "
                    + loaded.role().label() + ", not " + role.label(),
                    "give the NAME.p12 of a " + role.label() + " ('pki issue --role " + role.label() + "')");
        }
        return loaded;
    }

    /** As {@link #identity(Role)} for a command that parties of several roles may run (a signing requester). */
    public synchronized Identity identity(java.util.Set<Role> roles) {
        Identity loaded = load();
        if (!roles.contains(loaded.role())) {
            List<String> labels = roles.stream().map(Role::label).sorted().toList();
            throw new CliException(ExitCode.VERIFICATION, "identity " + identityFile + " has role "
                    + loaded.role().label() + ", not " + String.join(" or ", labels),
                    "give the NAME.p12 of a " + String.join(" or ", labels));
        }
        return loaded;
    }

    private Identity load() {
        if (identity == null) {
            require(identityFile, "--identity FILE.p12", "give the NAME.p12 written by 'pki issue'");
            char[] password = PasswordInput.read(passwordFile, "password for " + identityFile);
            try {
                identity = Identity.load(identityFile, password);
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCode.IO, "identity file not found: " + identityFile,
                        "give the NAME.p12 written by 'pki issue' with --identity");
            } catch (AccessDeniedException e) {
                throw new CliException(ExitCode.IO, "permission denied: " + identityFile);
            } catch (UnrecoverableKeyException e) {
                throw new CliException(ExitCode.VERIFICATION, e.getMessage(),
                        passwordFile == null ? null : "the first line of " + passwordFile + " is taken as the password");
            } catch (GeneralSecurityException | IOException e) {
                throw new CliException(ExitCode.IO, "unusable identity file: " + e.getMessage(), null, e);
            } finally {
                Secrets.wipe(password);
            }
        }
        return identity;
    }

    /** Loads the trusted CA certificate once. */
    public synchronized TrustAnchor trust() {
        if (trust == null) {
            require(trustFile, "--trust CA.pem", "give the ca.pem written by 'pki init-ca'");
            try {
                TrustAnchor anchor = TrustAnchor.load(trustFile);
                trust = crlFile == null ? anchor : anchor.withRevocations(revocations(anchor));
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCode.IO, "trust file not found: " + trustFile,
                        "give the ca.pem written by 'pki init-ca' with --trust");
            } catch (AccessDeniedException e) {
                throw new CliException(ExitCode.IO, "permission denied: " + trustFile);
            } catch (GeneralSecurityException | IOException e) {
                throw new CliException(ExitCode.IO, "unusable trust file: " + e.getMessage(), null, e);
            }
        }
        return trust;
    }

    private static void require(Path given, String option, String hint) {
        if (given == null) {
            throw new CliException(ExitCode.USAGE, "missing " + option, hint);
        }
    }

    private RevocationList revocations(TrustAnchor anchor) {
        try {
            return RevocationList.load(crlFile, anchor.caCertificate());
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "CRL file not found: " + crlFile,
                    "give the ca.crl written by 'pki revoke' with --crl");
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCode.VERIFICATION, "unusable CRL: " + e.getMessage(),
                    "with no list in force yet, nothing can stay in force: give the CA's current ca.crl");
        } catch (IOException e) {
            throw new CliException(ExitCode.IO, "cannot read CRL " + crlFile + ": " + e.getMessage());
        }
    }
}
