package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import dev.dkg.cli.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Sweeps every executable and every subcommand as a new user meets them: {@code --help} and {@code help SUB}
 * answer without any other option, document every option and the README's exit codes, and the global options
 * are accepted before or after the subcommand.
 */
class CommandHelpTest {
    /** Every executable the suite ships, by the name its script and errors use. */
    private static final Map<String, Supplier<Object>> EXECUTABLES = new LinkedHashMap<>();

    static {
        EXECUTABLES.put("pki", dev.dkg.pki.PkiMain::new);
        EXECUTABLES.put("keygen-server", dev.dkg.keygen.server.Main::new);
        EXECUTABLES.put("keygen-client", dev.dkg.keygen.client.Main::new);
        EXECUTABLES.put("otp-distributor", dev.dkg.otp.distributor.Main::new);
        EXECUTABLES.put("otp-requester", dev.dkg.otp.requester.Main::new);
        EXECUTABLES.put("dealer", dev.dkg.dealer.Main::new);
        EXECUTABLES.put("share-holder", dev.dkg.holder.Main::new);
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String role, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(role, EXECUTABLES.get(role).get());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Each command path (executable first), the executable itself included; the help subcommand left out. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        for (String role : EXECUTABLES.keySet()) {
            collect(Cli.commandLine(role, EXECUTABLES.get(role).get()), List.of(role), paths);
        }
        return paths;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> paths) {
        paths.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> longer = new ArrayList<>(path);
                longer.add(name);
                collect(sub, longer, paths);
            }
        });
    }

    private static CommandSpec specOf(List<String> path) {
        CommandLine cl = Cli.commandLine(path.get(0), EXECUTABLES.get(path.get(0)).get());
        for (String name : path.subList(1, path.size())) {
            cl = cl.getSubcommands().get(name);
        }
        return cl.getCommandSpec();
    }

    private static String[] argsAfterRole(List<String> path, String... more) {
        List<String> args = new ArrayList<>(path.subList(1, path.size()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void everyCommandAnswersHelpAloneDocumentingEveryOptionAndTheExitCodes() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).hasSizeGreaterThan(EXECUTABLES.size() + 10);
        for (List<String> path : paths) {
            Run help = run(path.get(0), argsAfterRole(path, "--help"));
            String what = String.join(" ", path) + " --help";
            assertThat(help.code()).as(what).isZero();
            assertThat(help.err()).as(what).isEmpty();
            assertThat(help.out()).as(what).startsWith("Usage: " + String.join(" ", path));
            for (OptionSpec option : specOf(path).options()) {
                assertThat(help.out()).as(what + " documents " + option.longestName()).contains(option.longestName());
                assertThat(option.description()).as(what + " describes " + option.longestName()).isNotEmpty();
                if (option.arity().max() > 0) {
                    assertThat(help.out()).as(what + ": " + option.paramLabel() + " unwrapped")
                            .contains(option.longestName() + "=" + option.paramLabel());
                }
            }
            assertThat(help.out()).as(what).contains("Exit codes:");
            ExitCode.MEANINGS.forEach((code, meaning) -> assertThat(help.out()).as(what).containsPattern(
                    "(?m)^\\s+" + code + "\\s+" + Pattern.quote(meaning) + "$"));
            assertThat(help.out()).as(what + ": a default printed as an InetSocketAddress").doesNotContain("/127.0.0.1");
            for (String line : help.out().split("\n")) {
                assertThat(line.length()).as(what + ": line too long: " + line).isLessThanOrEqualTo(100);
            }
        }
    }

    @Test
    void helpSubcommandPrintsTheSameUsageAsHelpOption() {
        for (List<String> path : commandPaths()) {
            if (path.size() < 2) {
                continue;
            }
            List<String> parent = path.subList(0, path.size() - 1);
            String sub = path.get(path.size() - 1);
            Run viaCommand = run(path.get(0), argsAfterRole(parent, "help", sub));
            Run viaOption = run(path.get(0), argsAfterRole(path, "--help"));
            assertThat(viaCommand.code()).as(String.join(" ", parent) + " help " + sub).isZero();
            assertThat(viaCommand.out()).isEqualTo(viaOption.out());
        }
    }

    @Test
    void globalOptionsAreAcceptedAfterTheSubcommand() {
        for (List<String> path : commandPaths()) {
            if (path.size() < 2) {
                continue;
            }
            CommandSpec root = specOf(path.subList(0, 1));
            CommandSpec sub = specOf(path);
            for (OptionSpec option : root.options()) {
                if (option.scopeType() != CommandLine.ScopeType.INHERIT) {
                    continue;
                }
                // Parsing succeeds (the subcommand knows the option) and the value reaches the executable.
                CommandLine cl = Cli.commandLine(path.get(0), EXECUTABLES.get(path.get(0)).get());
                List<String> args = new ArrayList<>(List.of(argsAfterRole(path)));
                args.add(option.longestName());
                if (option.arity().max() > 0) {
                    args.add(sampleValue(option));
                }
                CommandLine.ParseResult parsed = cl.parseArgs(requiredFor(sub, args).toArray(String[]::new));
                assertThat(parsed.subcommand()).isNotNull();
            }
            assertThat(sub.findOption("--help")).as(String.join(" ", path)).isNotNull();
        }
    }

    /** The subcommand's own required options (and positional parameters) filled in, so only the one under test varies. */
    private static List<String> requiredFor(CommandSpec sub, List<String> args) {
        List<String> all = new ArrayList<>(args);
        for (OptionSpec o : sub.options()) {
            if (o.required()) {
                all.add(o.longestName());
                all.add(sampleValue(o));
            }
        }
        sub.positionalParameters().forEach(p -> all.add(p.completionCandidates() != null
                && p.completionCandidates().iterator().hasNext()
                ? p.completionCandidates().iterator().next().toLowerCase(java.util.Locale.ROOT) : "0123456789abcdef"));
        return all;
    }

    private static String sampleValue(OptionSpec option) {
        Class<?> type = option.type();
        if (type == int.class || type == Integer.class || type == long.class) {
            return "2";
        }
        if (type == Duration.class) {
            return "5s";
        }
        if (type == InetSocketAddress.class) {
            return "127.0.0.1:9";
        }
        if (option.longestName().equals("--as")) {
            return "aes256";
        }
        if (option.longestName().equals("--role")) {
            return "dealer";
        }
        return "x";
    }

    @Test
    void everyExecutablePrintsItsCompletionScript() {
        for (String role : EXECUTABLES.keySet()) {
            Run completion = run(role, "completion");
            assertThat(completion.code()).as(role).isZero();
            assertThat(completion.out()).as(role).contains("complete -F _complete_" + role + " ");
        }
        Run requester = run("otp-requester", "completion");
        assertThat(requester.out()).contains("get", "--hotp", "--identity");
    }

    @Test
    void requesterSubcommandHelpNeedsNoOtherOption() {
        Run get = run("otp-requester", "get", "--help");
        assertThat(get.code()).isZero();
        assertThat(get.out()).contains("--hotp", "--identity", "--server");
        Run help = run("otp-requester", "help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("get", "list", "verify");
    }

    @Test
    void missingGlobalOptionIsAUsageErrorAfterParsing() {
        Run get = run("otp-requester", "get", "0123456789abcdef");
        assertThat(get.code()).isEqualTo(ExitCode.USAGE);
        assertThat(get.err()).startsWith("otp-requester: error: missing --identity FILE.p12");
    }

    @Test
    void identityGivenAfterTheSubcommandIsUsed() {
        Run get = run("otp-requester", "get", "0123456789abcdef", "--identity", "absent.p12", "--trust", "absent.pem",
                "--password-file", "absent.pw");
        assertThat(get.code()).isEqualTo(ExitCode.IO);
        assertThat(get.err()).contains("absent");
    }

    @Test
    void unknownOptionSuggestsTheClosest() {
        Run typo = run("keygen-server", "--participant", "3");
        assertThat(typo.code()).isEqualTo(ExitCode.USAGE);
        assertThat(typo.err()).contains("'--participant'", "hint: did you mean --participants?");
        // Reported as the cause even while it hides a required option.
        Run split = run("dealer", "split", "--treshold", "2");
        assertThat(split.code()).isEqualTo(ExitCode.USAGE);
        assertThat(split.err()).contains("Unknown option: '--treshold'", "hint: did you mean --threshold?");
    }

    @Test
    void readmeExitCodeTableIsTheOneEveryHelpLists() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("project.root", "..")).resolve("README.md"));
        Map<String, String> table = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d) \\| (.+?) \\|$").matcher(
                readme.substring(readme.indexOf("## Exit codes")));
        while (row.find()) {
            table.put(row.group(1), row.group(2));
        }
        assertThat(table).containsExactlyEntriesOf(ExitCode.MEANINGS);
    }
}
