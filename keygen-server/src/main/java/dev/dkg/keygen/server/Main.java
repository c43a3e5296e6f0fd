package dev.dkg.keygen.server;

import dev.dkg.crypto.CryptoProvider;
import dev.dkg.cli.DurationConverter;
import dev.dkg.cli.SocketAddressConverter;
import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.acl.AclException;
import dev.dkg.acl.AclFile;
import dev.dkg.crypto.Envelope;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.frost.Ciphersuite;
import dev.dkg.database.Database;
import dev.dkg.database.DatabaseOptions;
import dev.dkg.database.KeyRecordTable;
import dev.dkg.keygen.KeyParameters;
import dev.dkg.otp.OtpParameters;
import dev.dkg.pki.Identity;
import dev.dkg.pki.PeerIdentity;
import dev.dkg.pki.Pem;
import dev.dkg.pki.Role;
import dev.dkg.pki.TrustAnchor;
import dev.dkg.store.StoreCorruptedException;
import dev.dkg.store.StoreLockedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The keygen-server executable: runs key-generation rounds and keeps the key store; init, list and export. */
@Command(name = "keygen-server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {InitCommand.class, ListCommand.class, ExportCommand.class, SignCommand.class, VerifyCommand.class},
        description = {"Run key-generation rounds and keep the key store.",
                "Prints one ready line, then one line per event; with --rounds N it stops after N stored keys."})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    ServerCredentials credentials;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String listen = "127.0.0.1:7101";

    @Option(names = "--participants", paramLabel = "N",
            description = "Each round takes the first N keygen clients to connect.")
    Integer participants;

    @Option(names = "--clients", split = ",", paramLabel = "NAME",
            description = "Each round takes exactly these clients (certificate names), comma-separated.")
    List<String> clients;

    @Option(names = "--recipient", paramLabel = "CERT.pem",
            description = "Also seal every new key to this OTP distributor certificate (repeatable; more than one "
                    + "needs --database, where those distributors share their state).")
    List<Path> recipientFiles = new ArrayList<>();

    @Option(names = "--rounds", paramLabel = "N", description = "Stop after N stored keys (default: keep serving).")
    int rounds;

    @Option(names = "--purpose", paramLabel = "LABEL", description = "What the keys are for (default ${DEFAULT-VALUE}); "
            + "otp-ALGORITHM-DIGITS-STEP, e.g. otp-sha256-8-60, makes OTP keys with those parameters.")
    String purpose = KeyParameters.DEFAULT.purpose();

    @Option(names = "--key-length", paramLabel = "BYTES", description = "Key length in bytes, 16 to 64 (default ${DEFAULT-VALUE}).")
    int keyLength = KeyParameters.DEFAULT.length();

    @Option(names = "--round-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time from a round's opening to its last reveal (default 60s).")
    Duration roundTimeout = Duration.ofSeconds(60);

    @Option(names = "--threshold", paramLabel = "T",
            description = "Make threshold keys: each client ends with a share, any T of them can sign, no one holds "
                    + "the key (2 <= T <= participants; docs/protocol.md section 15).")
    Integer threshold;

    @Option(names = "--scheme", paramLabel = "SCHEME",
            description = "Ciphersuite of threshold keys: ed25519 (default), secp256k1 or p256.")
    String scheme;

    @Option(names = "--signing-acl", paramLabel = "FILE", description = "Also coordinate FROST signing with threshold keys: "
            + "who may ask, one rule a line, REQUESTER KEY-ID-OR-GLOB sign (re-read when it changes; deny by default).")
    Path signingAcl;

    @Option(names = "--signing-listen", paramLabel = "HOST:PORT",
            description = "Address of the signing listener, with --signing-acl (default ${DEFAULT-VALUE}).")
    String signingListen = "127.0.0.1:7104";

    @Override
    public Integer call() throws IOException, GeneralSecurityException, InterruptedException {
        RoundPolicy policy = policy();
        InetSocketAddress address = SocketAddressConverter.parse("--listen", listen);
        credentials.checkArguments();
        Identity identity = credentials.identity();
        TrustAnchor trust = credentials.trust();
        List<PeerIdentity> recipients = recipients(trust);
        if (recipients.size() > 1 && !database.configured()) {
            // Each distributor would keep its own state: a code accepted once per distributor (issue 10 item 3).
            throw new CliException(ExitCode.USAGE, recipients.size() + " --recipient distributors but no --database: "
                    + "each would accept every code once, on its own state",
                    "give --database URL here and to every distributor (docs/operations.md, \"Several distributors\"), "
                            + "or seal each key to one distributor");
        }
        boolean newDataDir = !Files.exists(credentials.dataDir());
        boolean newKeyStore = !Files.exists(credentials.keyStore());
        SecretFiles.createPrivateDirectories(credentials.dataDir());
        PrintWriter out = spec.commandLine().getOut();
        RoundEvents events = line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        };
        InetSocketAddress signingAddress = signingAcl == null ? null : SocketAddressConverter.parse("--signing-listen", signingListen);
        AclFile acl = signingAcl == null ? null : loadSigningAcl(events);
        Database db = database.configured() ? database.open("keygen-server " + identity.name()) : null;
        KeygenService service;
        try {
            service = start(identity, trust, address, recipients, policy, events,
                    db == null ? null : new DatabaseKeyCopy(new KeyRecordTable(db)));
        } catch (RuntimeException | IOException | GeneralSecurityException e) {
            if (db != null) {
                db.close();
            }
            if (e instanceof CliException) {
                // A server that never listened leaves nothing behind: no empty key store, no new directory.
                if (newKeyStore) {
                    Files.deleteIfExists(credentials.keyStore());
                    Files.deleteIfExists(credentials.keyStore().resolveSibling("key_store.lock"));
                }
                if (newDataDir) {
                    try (var left = Files.list(credentials.dataDir())) {
                        if (left.findAny().isEmpty()) {
                            Files.delete(credentials.dataDir());
                        }
                    }
                }
            }
            throw e;
        }
        SigningService signing = acl == null ? null : startSigning(identity, trust, signingAddress, acl, events, service);
        Thread hook = new Thread(() -> {
            closeQuietly(service);
            if (signing != null) {
                signing.close();
            }
            if (db != null) {
                db.close();
            }
        }, "keygen-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        events.line("ready: listening on " + hostPort(service.address()) + " as " + identity.name()
                + ", key fingerprint " + identity.keyId().fingerprint() + ", " + service.storedKeys() + " keys in "
                + service.keyStore() + (db == null ? "" : " (copied to " + database.url() + ")")
                + ", new keys sealed to " + sealedTo(service.recipientCount() - 1) + ", rounds of "
                + (policy.named() ? String.join(" ", policy.names()) : policy.participantCount() + " participants")
                + (policy.threshold() > 0 ? ", " + policy.suite().scheme() + " " + policy.threshold() + "-of-"
                        + policy.participantCount() + " threshold keys" : "")
                + ", crypto " + CryptoProvider.active().name());
        if (signing != null) {
            events.line("signing: listening on " + hostPort(signing.address()) + ", " + acl.get().size()
                    + " signing ACL rule(s), threshold keys from " + service.keyStore());
        }
        service.awaitFinished();
        if (signing != null) {
            events.line("rounds finished; still coordinating signatures on " + hostPort(signing.address()));
            Thread.currentThread().join(); // until stopped: signing has no natural end
        }
        service.close();
        if (db != null) {
            db.close();
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        return ExitCode.OK;
    }

    private KeygenService start(Identity identity, TrustAnchor trust, InetSocketAddress address,
                                List<PeerIdentity> recipients, RoundPolicy policy, RoundEvents events,
                                DatabaseKeyCopy copy) throws IOException, GeneralSecurityException {
        try {
            return KeygenService.start(identity, trust, address, credentials.keyStore(), recipients, policy, events, copy);
        } catch (StoreLockedException e) {
            throw new CliException(ExitCode.IO, e.getMessage(), "is another keygen-server using " + credentials.dataDir() + "?");
        } catch (StoreCorruptedException e) {
            throw new CliException(ExitCode.IO, e.getMessage(), "restore key_store from a backup; see docs/storage.md");
        } catch (DatabaseKeyCopy.CopyFailedException e) {
            throw new CliException(ExitCode.IO, e.getMessage());
        } catch (BindException e) {
            throw new CliException(ExitCode.IO, "cannot listen on " + listen + ": " + e.getMessage(),
                    "choose another --listen address");
        }
    }

    private AclFile loadSigningAcl(RoundEvents events) {
        try {
            return AclFile.load(signingAcl, SigningService.ACL_OPERATIONS, events::line);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "signing ACL not found: " + signingAcl,
                    "one rule a line: REQUESTER KEY-ID-OR-GLOB sign");
        } catch (AclException e) {
            throw new CliException(ExitCode.IO, "malformed signing ACL: " + e.getMessage(),
                    "fix line " + e.lineNumber() + " of " + signingAcl + "; the server does not start on a partly read ACL");
        } catch (IOException e) {
            throw new CliException(ExitCode.IO, "cannot read signing ACL " + signingAcl + ": " + e.getMessage());
        }
    }

    private SigningService startSigning(Identity identity, TrustAnchor trust, InetSocketAddress address, AclFile acl,
                                        RoundEvents events, KeygenService service) throws IOException {
        try {
            return SigningService.start(identity, trust, address, StoredSigningKeys.open(service.keyStore(), identity, trust),
                    acl, acl::refresh, events, new java.security.SecureRandom(), SigningService.Timeouts.DEFAULT);
        } catch (BindException e) {
            closeQuietly(service);
            throw new CliException(ExitCode.IO, "cannot listen on " + signingListen + ": " + e.getMessage(),
                    "choose another --signing-listen address");
        }
    }

    private RoundPolicy policy() {
        if ((participants == null) == (clients == null)) {
            throw new CliException(ExitCode.USAGE, "give either --participants N or --clients NAME,NAME,…");
        }
        if (clients != null && clients.stream().distinct().count() != clients.size()) {
            throw new CliException(ExitCode.USAGE, "--clients names a participant twice");
        }
        try {
            // Checked here so that a mistyped OTP purpose fails now, not when the distributor meets the key.
            OtpParameters.forPurpose(purpose);
            if (threshold == null) {
                if (scheme != null) {
                    throw new CliException(ExitCode.USAGE, "--scheme is for threshold keys: give --threshold T too");
                }
                return new RoundPolicy(participants == null ? 0 : participants, clients,
                        new KeyParameters(purpose, keyLength), roundTimeout, rounds);
            }
            return new RoundPolicy(participants == null ? 0 : participants, clients,
                    new KeyParameters(purpose, keyLength), roundTimeout, rounds, threshold, suite());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }

    private Ciphersuite suite() {
        String name = scheme == null ? "ed25519" : scheme;
        for (Ciphersuite suite : Ciphersuite.values()) {
            if (suite.scheme().equals(name)) {
                return suite;
            }
        }
        throw new CliException(ExitCode.USAGE, "unknown --scheme '" + name + "' (one of: ed25519, secp256k1, p256)");
    }

    private List<PeerIdentity> recipients(TrustAnchor trust) {
        if (recipientFiles.size() > Envelope.MAX_RECIPIENTS - 1) {
            throw new CliException(ExitCode.USAGE, "at most " + (Envelope.MAX_RECIPIENTS - 1) + " --recipient certificates");
        }
        List<PeerIdentity> recipients = new ArrayList<>();
        for (Path file : recipientFiles) {
            try {
                recipients.add(trust.validate(Pem.readCertificates(file), Instant.now(), java.util.Set.of(Role.OTP_DISTRIBUTOR)));
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCode.IO, "recipient certificate not found: " + file);
            } catch (CertificateException e) {
                throw new CliException(ExitCode.VERIFICATION, "recipient " + file + " is not acceptable: " + e.getMessage(),
                        "give an otp-distributor certificate issued by the CA in --trust");
            } catch (IOException e) {
                throw new CliException(ExitCode.IO, "unreadable recipient certificate " + file + ": " + e.getMessage());
            }
        }
        return recipients;
    }

    /** Who can read new keys: the server always (list, export), plus each --recipient (an OTP distributor). */
    static String sealedTo(int recipients) {
        return recipients == 0 ? "this server only (no --recipient)"
                : "this server and " + recipients + " --recipient distributor" + (recipients == 1 ? "" : "s");
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static void closeQuietly(KeygenService service) {
        try {
            service.close();
        } catch (IOException e) {
            // Exiting anyway; every acknowledged key is already on disk.
        }
    }

    public static void main(String[] args) {
        Cli.main("keygen-server", new Main(), args);
    }
}
