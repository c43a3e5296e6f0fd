package dev.dkg.otp.requester;

import dev.dkg.cli.JsonWriter;
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
import picocli.CommandLine.Option;
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

    @Option(names = "--json", description = "One JSON document on stdout: {\"server\", \"keys\": [{\"key_id\", "
            + "\"purpose\", \"created\", \"algorithm\", \"digits\", \"period_s\", \"may\": [...], \"lock_state\"}]}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OtpClient client = parent.connect()) {
            if (json) {
                out.println(json(parent.serverAddress(), client));
                out.flush();
                return 0;
            }
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

    /** The listing as one JSON document; {@code lock_state} only for keys this requester administers, else null. */
    static String json(String server, OtpClient client) throws IOException, OtpRequestException {
        JsonWriter w = new JsonWriter().beginObject().field("server", server).name("keys").beginArray();
        for (OtpResponse.KeyEntry k : client.list()) {
            String state = k.operations().contains(OtpOperation.ADMIN)
                    ? client.admin(k.keyId(), OtpAdminAction.STATUS).describe() : null;
            w.beginObject().field("key_id", k.keyId()).field("purpose", k.purpose())
                    .field("created", k.created().toString())
                    .field("algorithm", k.parameters().algorithm().uriName())
                    .field("digits", k.parameters().digits())
                    .field("period_s", k.parameters().stepSeconds())
                    .field("may", k.operations().stream().map(OtpOperation::fileName).toList())
                    .field("lock_state", state)
                    .endObject();
        }
        return w.endArray().endObject().toString();
    }
}
