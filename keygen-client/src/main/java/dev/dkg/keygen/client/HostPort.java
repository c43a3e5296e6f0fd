package dev.dkg.keygen.client;

import dev.dkg.cli.CliException;
import dev.dkg.cli.ExitCode;

/** A {@code HOST:PORT} argument, checked up front so a typo fails with exit 2 before anything is loaded. */
record HostPort(String host, int port) {
    static HostPort parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new CliException(ExitCode.USAGE, "expected HOST:PORT, not '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new CliException(ExitCode.USAGE, "port must be 1 to 65535 in '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, port);
    }
}
