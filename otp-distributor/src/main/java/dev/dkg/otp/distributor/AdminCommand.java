package dev.dkg.otp.distributor;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;
import dev.dkg.otp.protocol.OtpAdminAction;
import dev.dkg.otp.protocol.OtpResponse;
import dev.dkg.otp.protocol.KeyIds;
import dev.dkg.pki.Identity;
import dev.dkg.store.StoreLockedException;
import dev.dkg.pki.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code otp-distributor admin ACTION KEY}: the same actions as {@code otp-requester admin}, run against
 * a stopped distributor's data directory with the distributor's own identity (the state log is sealed to
 * it); the identity, trust and data directory are the distributor's own options. A running distributor holds the directory's lock, so this refuses and points to the channel, where
 * the change goes through the running process and nothing can be lost between the two.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Unlock, reset, disable or enable a key in a stopped distributor's state log; prints the key's state.",
                "ACTION: status, unlock (clear failures and lock-out), reset (clear the failure count), disable, enable.",
                "While the distributor runs, use 'otp-requester admin' with an identity the ACL grants admin."})
final class AdminCommand implements Callable<Integer> {
    private static final Logger audit = LoggerFactory.getLogger("audit");

    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "status, unlock, reset, disable or enable.")
    String actionName;

    @Parameters(index = "1", paramLabel = "KEY", description = "Key id (32 hex digits).")
    String keyId;

    @Override
    public Integer call() throws IOException {
        OtpAdminAction action = OtpAdminAction.fromLabel(actionName);
        if (action == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "'" + actionName
                    + "' is not an action: status, unlock, reset, disable or enable");
        }
        try {
            KeyIds.check(keyId);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "KEY: " + e.getMessage());
        }
        Path dataDir = parent.dataDir;
        Path log = dataDir.resolve(Main.STATE_LOG);
        if (!Files.exists(log)) {
            throw new CliException(ExitCode.IO, "no verification state log at " + log,
                    "give the distributor's --data-dir (default data/otp-distributor)");
        }
        Identity identity = parent.identityOptions.identity(Role.OTP_DISTRIBUTOR);
        VerificationState state;
        try (RecordLogVerificationStateStore states = RecordLogVerificationStateStore.open(log, identity)) {
            state = new OtpVerifier(states, VerificationPolicy.DEFAULT, Clock.systemUTC()).administer(keyId, action);
        } catch (StoreLockedException e) {
            throw new CliException(ExitCode.IO, "the distributor is running on " + dataDir,
                    "use 'otp-requester admin " + actionName + " KEY' over the channel (the ACL must grant admin), or stop it first");
        }
        if (action != OtpAdminAction.STATUS) {
            audit.info("admin {} requester=(local data directory) key={} failures={} locked={} disabled={}", action.label(),
                    keyId, state.consecutiveFailures(), state.lockedUntilEpochMilli() != 0, state.disabled());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(keyId + "  " + new OtpResponse.AdminState(state.consecutiveFailures(),
                state.lockedUntilEpochMilli() == 0 ? null : Instant.ofEpochMilli(state.lockedUntilEpochMilli()),
                state.disabled()).describe());
        out.flush();
        return ExitCode.OK;
    }
}
