package dev.dkg.otp.requester;

import dev.dkg.otp.protocol.OtpAdminAction;
import dev.dkg.otp.protocol.OtpOperation;
import dev.dkg.otp.protocol.OtpClient;
import dev.dkg.otp.protocol.OtpRequestException;
import dev.dkg.otp.protocol.OtpResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code list}: the keys this requester may use, one a line, with what it may do with each; for keys the ACL
 * lets it administer, also the key's failure count, lock-out and whether it is disabled.
 */
@Command(name = "list", description = "List the keys you may use and what you may do with each (and the lock state of keys you administer).")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OtpClient client = parent.connect()) {
            for (OtpResponse.KeyEntry k : client.list()) {
                String state = k.operations().contains(OtpOperation.ADMIN)
                        ? "  " + client.admin(k.keyId(), OtpAdminAction.STATUS).describe() : "";
                out.println(k.keyId() + "  purpose=" + k.purpose() + "  created=" + k.created()
                        + "  " + k.parameters().algorithm().uriName() + "/" + k.parameters().digits() + "digits/"
                        + k.parameters().stepSeconds() + "s  may="
                        + k.operations().stream().map(OtpOperation::fileName).collect(Collectors.joining(",")) + state);
            }
            out.flush();
            return 0;
        } catch (OtpRequestException e) {
            throw Main.failure(e, "list", null);
        } catch (IOException e) {
            throw parent.connectionFailure(e);
        }
    }
}
