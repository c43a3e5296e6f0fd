package dev.dkg.keygen.server;

import dev.dkg.channel.ChannelException;
import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;

/** How a failed channel to the keygen server reads on the command line, and its exit code. */
final class ChannelFailures {
    private ChannelFailures() {}

    static CliException of(ChannelException e, String when) {
        return switch (e.code()) {
            case AUTHENTICATION -> new CliException(ExitCode.VERIFICATION, "authentication failed " + when + ": "
                    + e.getMessage(), "check --identity, --trust and that the server's certificate is from the same CA");
            case NOT_AUTHORISED -> new CliException(ExitCode.VERIFICATION, "the server refused this identity ("
                    + when + "): " + e.getMessage());
            case BUSY, TIMEOUT -> new CliException(ExitCode.UNREACHABLE, "server not answering " + when + ": "
                    + e.getMessage());
            case PROTOCOL -> new CliException(ExitCode.FAILURE, "protocol error " + when + ": " + e.getMessage());
        };
    }
}
