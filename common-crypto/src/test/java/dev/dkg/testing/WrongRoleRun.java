package dev.dkg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import dev.dkg.cli.ExitCode;
import dev.dkg.pki.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs an executable's picocli command with an identity of another role and checks it refuses at start: exit
 * 3, one error line naming both roles, nothing on stdout. Every role module's CLI test uses it.
 */
public final class WrongRoleRun {
    private WrongRoleRun() {}

    /**
     * @param executable the name the executable prints its errors under ("dealer")
     * @param command a fresh instance of its picocli command
     * @param own the executable's own role
     * @param given the role of the identity handed to it
     * @param args arguments after the identity options (subcommand, addresses); none need to work, the
     *     refusal comes first
     */
    public static void assertRefused(Path dir, String executable, Object command, Role own, Role given,
            String... args) throws IOException {
        assertRefused(dir, executable, command, own, given, List.of(), args);
    }

    /** As above, with {@code before} (a subcommand that takes the identity options itself) in front of them. */
    public static void assertRefused(Path dir, String executable, Object command, Role own, Role given,
            List<String> before, String... args) throws IOException {
        TestPki.WrittenIdentity files = TestPki.writeFiles(dir, "someone-" + given.label(), given, "pw".toCharArray());
        Path password = dir.resolve("wrong-role-pw");
        Files.writeString(password, "pw\n");
        List<String> argv = new ArrayList<>(before);
        argv.addAll(List.of("--identity", files.p12().toString(), "--password-file",
                password.toString(), "--trust", files.caPem().toString()));
        argv.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(executable, command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(argv.toArray(String[]::new));
        assertThat(code).as(err.toString()).isEqualTo(ExitCode.VERIFICATION);
        assertThat(err.toString().lines().filter(l -> l.startsWith(executable + ": error: ")))
                .as(err.toString()).singleElement().asString()
                .isEqualTo(executable + ": error: identity " + files.p12() + " has role " + given.label() + ", not "
                        + own.label());
        assertThat(out.toString()).as("stdout").isEmpty();
    }
}
