package dev.dkg.otp.distributor;

import dev.dkg.crypto.CryptoProvider;
import dev.dkg.cli.DurationConverter;
import dev.dkg.cli.SocketAddressConverter;
import dev.dkg.channel.Limits;
import dev.dkg.cli.Cli;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.cli.IdentityOptions;
import dev.dkg.cli.VerboseOption;
import dev.dkg.cli.VersionProvider;
import dev.dkg.crypto.SecretFiles;
import dev.dkg.database.Database;
import dev.dkg.database.DatabaseOptions;
import dev.dkg.database.KeyRecordTable;
import dev.dkg.pki.Identity;
import dev.dkg.pki.Role;
import dev.dkg.store.StoreCorruptedException;
import dev.dkg.store.StoreLockedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The otp-distributor executable: loads the ACL, the keys and its own verification state, then serves
 * requesters until stopped. One ready line on stdout, then one line per event (a key picked up, the stop).
 */
@Command(name = "otp-distributor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serves and verifies one-time passwords from the key store.",
        subcommands = AdminCommand.class)
public final class Main implements Callable<Integer> {
    static final String STATE_LOG = "otp-state.log";

    @Mixin
    VerboseOption verbose;

    @Mixin
    IdentityOptions identityOptions;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--key-store", paramLabel = "PATH",
            description = "The keygen server's key_store (records sealed to this distributor are served); keys "
                    + "stored later are picked up while running. Not needed with --database, which holds a copy.")
    Path keyStore;

    @Option(names = "--acl", paramLabel = "FILE",
            description = "Who may do what: one rule a line, REQUESTER KEY-ID-OR-GLOB get,verify,enroll,admin.")
    Path aclFile;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = SocketAddressConverter.class,
            defaultValue = "127.0.0.1:7102", description = "Address to serve on (default ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the verification state log lives (default ${DEFAULT-VALUE}); unused with --database, "
                    + "where the state is shared by every distributor.")
    Path dataDir = Path.of("data", "otp-distributor");

    @Option(names = "--max-failures", paramLabel = "N",
            description = "Consecutive failed verifications that lock a key (default ${DEFAULT-VALUE}).")
    int maxFailures = VerificationPolicy.DEFAULT.maxConsecutiveFailures();

    @Option(names = "--lockout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a locked key refuses every code, e.g. 90s, 5m (default 5m).")
    Duration lockout = VerificationPolicy.DEFAULT.lockout();

    @Option(names = "--hotp-look-ahead", paramLabel = "N",
            description = "HOTP counters tried beyond the expected one (default ${DEFAULT-VALUE}).")
    int hotpLookAhead = VerificationPolicy.DEFAULT.hotpLookAhead();

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Requesters served at once (default ${DEFAULT-VALUE}).")
    int maxConnections = Limits.defaults().maxConnections();

    @Option(names = "--max-sessions-per-requester", paramLabel = "N",
            description = "Of those, how many one requester certificate may hold (default ${DEFAULT-VALUE}).")
    int maxSessionsPerRequester = Limits.defaults().maxSessionsPerPeer();

    @Option(names = "--issuer", paramLabel = "NAME",
            description = "Issuer shown by authenticator apps for enrolled keys (default ${DEFAULT-VALUE}).")
    String issuer = "dkg";

    @Override
    public Integer call() throws Exception {
        // Required only to serve: not for the admin subcommand, which picocli would otherwise refuse.
        if (aclFile == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--acl=FILE'");
        }
        PrintWriter out = spec.commandLine().getOut();
        VerificationPolicy policy;
        Limits limits;
        try {
            policy = new VerificationPolicy(hotpLookAhead, maxFailures, lockout);
            limits = Limits.defaults().withMaxConnections(maxConnections).withMaxSessionsPerPeer(maxSessionsPerRequester);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
        Identity identity = identityOptions.identity(Role.OTP_DISTRIBUTOR);
        AclFile acl = loadAcl(out);
        if (keyStore == null && !database.configured()) {
            throw new CliException(ExitCode.USAGE, "give --key-store PATH (state kept in --data-dir) or --database URL "
                    + "(keys and state shared with every distributor on that database)");
        }
        try (Database db = database.configured() ? database.open("otp-distributor " + identity.name()) : null;
             KeySource keys = openKeys(identity, db);
             StateStore stateStore = openState(identity, db)) {
            VerificationStateStore states = stateStore.store();
            KeyWatcher watcher = new KeyWatcher(keys, k -> {
                out.println("key added: " + k.keyId() + " (purpose " + k.purpose() + ", " + describe(k) + ")");
                out.flush();
            });
            OtpVerifier verifier = new OtpVerifier(states, policy, Clock.systemUTC());
            OtpService service = new OtpService(acl, keys, verifier, states, issuer, watcher::refresh);
            Runnable refresh = () -> {
                watcher.refresh();
                acl.refresh();
            };
            CountDownLatch stopped = new CountDownLatch(1);
            try (OtpServer server = OtpServer.start(listen, identity, identityOptions.trust(), limits, service, refresh,
                    Duration.ofSeconds(1))) {
                Thread hook = new Thread(() -> {
                    server.close();
                    out.println("stopped");
                    out.flush();
                    stopped.countDown();
                }, "otp-distributor-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                int count = keys.keys().size();
                out.println("ready: " + hostPort(server.address()) + " as " + identity.name() + " (key "
                        + identity.keyId().fingerprint() + "), " + count + (count == 1 ? " key" : " keys") + ", "
                        + acl.get().size() + " ACL " + (acl.get().size() == 1 ? "rule" : "rules")
                        + (db == null ? "" : ", state shared in " + db.description()) + ", crypto "
                        + CryptoProvider.active().name());
                out.flush();
                stopped.await();
            }
        }
        return ExitCode.OK;
    }

    private AclFile loadAcl(PrintWriter out) {
        try {
            return AclFile.load(aclFile, line -> {
                out.println(line);
                out.flush();
            });
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "ACL file not found: " + aclFile,
                    "give the rules file with --acl (one rule a line: REQUESTER KEY-ID-OR-GLOB get,verify,enroll)");
        } catch (AclException e) {
            throw new CliException(ExitCode.IO, "malformed ACL: " + e.getMessage(),
                    "fix line " + e.lineNumber() + " of " + aclFile + "; the distributor does not start on a partly read ACL");
        } catch (IOException e) {
            throw new CliException(ExitCode.IO, "cannot read ACL " + aclFile + ": " + e.getMessage());
        }
    }

    private KeySource openKeys(Identity identity, Database db) {
        try {
            if (keyStore == null) {
                return KeyStoreKeySource.openDatabase(new KeyRecordTable(db), identity, identityOptions.trust());
            }
            return KeyStoreKeySource.open(keyStore, identity, identityOptions.trust(), db != null);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.IO, "key store not found: " + keyStore,
                    "give the keygen server's key store with --key-store (DATA/key_store, default "
                            + "data/keygen-server/key_store); it exists once the keygen server has started");
        } catch (StoreCorruptedException e) {
            throw new CliException(ExitCode.IO, "key store is damaged: " + e.getMessage());
        } catch (IOException e) {
            throw new CliException(ExitCode.IO, "key store unusable: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCode.VERIFICATION, "key store does not verify: " + e.getMessage(),
                    "the record was not written by a keygen server our CA certified, or was altered; do not serve "
                            + "keys from this store until it is restored from a backup");
        }
    }

    /** The verification state and what closes it: the shared database's, or the local state log. */
    private record StateStore(VerificationStateStore store, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (closer != null) {
                closer.close();
            }
        }
    }

    private StateStore openState(Identity identity, Database db) {
        if (db != null) {
            // The pool is closed by call(); there is no local state, and never a fallback to one.
            return new StateStore(new DatabaseVerificationStateStore(db), null);
        }
        RecordLogVerificationStateStore local = openLocalState(identity);
        return new StateStore(local, local);
    }

    private RecordLogVerificationStateStore openLocalState(Identity identity) {
        Path file = dataDir.resolve(STATE_LOG);
        try {
            SecretFiles.createPrivateDirectories(dataDir);
            return RecordLogVerificationStateStore.open(file, identity);
        } catch (StoreLockedException e) {
            throw new CliException(ExitCode.IO, "data directory " + dataDir + " is in use by another distributor",
                    "stop the other one or give another --data-dir");
        } catch (IOException e) {
            throw new CliException(ExitCode.IO, "verification state unusable: " + e.getMessage(),
                    "the state log is sealed to this distributor's key and refuses damaged or foreign records; moving it"
                            + " aside lets used codes be accepted again");
        }
    }

    private static String describe(KeyInfo k) {
        return k.parameters().algorithm().uriName() + ", " + k.parameters().digits() + " digits, "
                + k.parameters().stepSeconds() + " s step";
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public static void main(String[] args) {
        Cli.main("otp-distributor", new Main(), args);
    }
}
