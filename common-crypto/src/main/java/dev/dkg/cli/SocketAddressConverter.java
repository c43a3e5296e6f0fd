package dev.dkg.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code HOST:PORT} (port 0 to 65535; 0 picks a free port) into an unresolved-free socket address. */
public final class SocketAddressConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
        try {
            return parse("address", value);
        } catch (CliException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /**
     * Reads {@code value} given for {@code option}; a bad one is a usage error (exit 2) naming the option. For
     * options whose value is only known after parsing (defaults inherited from a parent command).
     */
    public static InetSocketAddress parse(String option, String value) {
        if (value == null) {
            throw new CliException(ExitCode.USAGE, "missing " + option + " HOST:PORT");
        }
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CliException(ExitCode.USAGE, option + " must be HOST:PORT, not '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCode.USAGE, option + ": port must be 0 to 65535 in '" + value + "'");
        }
        return new InetSocketAddress(host, port);
    }
}
