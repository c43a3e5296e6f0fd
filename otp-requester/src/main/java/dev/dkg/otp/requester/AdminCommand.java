package dev.dkg.otp.requester;

import dev.dkg.otp.protocol.OtpAdminAction;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpRequestException;
import dev.dkg.otp.protocol.OtpResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code admin ACTION KEY}: a help desk's actions on a key over the channel, for an identity the
 * distributor's ACL grants {@code admin} on that key. Prints the key's state afterwards; the distributor
 * records the change in its state log and audit lines.
 */
@Command(name = "admin", description = {
        "Unlock, reset, disable or enable a key (needs 'admin' in the distributor's ACL); prints the key's state.",
        "ACTION: status (change nothing), unlock (clear failures and lock-out), reset (clear the failure count,"
                + " a lock-out stays), disable (refuse every code until enabled), enable."})
final class AdminCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", converter = AdminActionConverter.class,
            description = "status, unlock, reset, disable or enable.")
    OtpAdminAction action;

    @Parameters(index = "1", paramLabel = "KEY", description = "Key id.")
    String keyId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OtpClient client = parent.connect()) {
            OtpResponse.AdminState state = client.admin(keyId, action);
            out.println(keyId + "  " + state.describe());
            out.flush();
            return 0;
        } catch (OtpRequestException e) {
            throw Main.failure(e, "administer", keyId);
        } catch (IOException e) {
            throw parent.connectionFailure(e);
        }
    }

    /** Reads an action by its lower-case name. */
    static final class AdminActionConverter implements picocli.CommandLine.ITypeConverter<OtpAdminAction> {
        @Override
        public OtpAdminAction convert(String value) {
            OtpAdminAction action = OtpAdminAction.fromLabel(value);
            if (action != null) {
                return action;
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value
                    + "' is not an action: status, unlock, reset, disable or enable");
        }
    }
}
