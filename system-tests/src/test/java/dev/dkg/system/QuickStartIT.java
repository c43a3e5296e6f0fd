package dev.dkg.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, exactly as a user pastes it: every {@code sh} block between the
 * {@code quickstart:begin} and {@code quickstart:end} markers, in order, run by one bash in an empty
 * directory, with {@code DKG} naming this clone (the one line a user adapts).
 */
class QuickStartIT {
    private static final Path ROOT = Path.of(System.getProperty("project.root"));

    @TempDir
    Path dir;

    /** The shell code of the quick start: the sh blocks between the markers, joined in order. */
    static String quickStart() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int begin = lines.indexOf("<!-- quickstart:begin -->");
        int end = lines.indexOf("<!-- quickstart:end -->");
        assertThat(begin).as("README.md has the quickstart:begin marker").isNotNegative();
        assertThat(end).as("README.md has the quickstart:end marker after it").isGreaterThan(begin);
        StringBuilder script = new StringBuilder();
        boolean inBlock = false;
        for (String line : lines.subList(begin + 1, end)) {
            if (!inBlock && line.equals("```sh")) {
                inBlock = true;
            } else if (inBlock && line.equals("```")) {
                inBlock = false;
            } else if (inBlock) {
                script.append(line).append('\n');
            }
        }
        assertThat(inBlock).as("every sh block of the quick start is closed").isFalse();
        return script.toString();
    }

    @Test
    void theReadmesQuickStartRunsAsPastedInAnEmptyDirectory() throws Exception {
        String script = quickStart();
        // Errors stop it, as they would catch a user's eye; nothing else is added to what the user pastes.
        Path file = dir.resolve(".quickstart.sh");
        Files.writeString(file, "set -euo pipefail\n" + script);
        List<String> command = new ArrayList<>(List.of("bash", file.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(".quickstart.out").toFile());
        pb.environment().put("DKG", ROOT.toString());
        Process p = pb.start();
        boolean ended = p.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(dir.resolve(".quickstart.out"));
        assertThat(ended).as("the quick start ended within 8 minutes:\n%s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("pki/alice.pem: OK")
                .containsPattern("(?m)^key [0-9a-f]{32}$")
                .containsPattern("(?m)^accepted$")
                .contains("the same code again: refused (exit 3)")
                .containsPattern("(?m)^vault [0-9a-f]{32}$")
                .contains("recovered, byte for byte");
        // Whoever runs it inside a clone by mistake still commits no secret: .gitignore covers every file made.
        List<String> made;
        try (var files = Files.walk(dir)) {
            made = files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
                    .filter(f -> !f.startsWith(".quickstart.")).sorted().toList();
        }
        assertThat(made).contains("pw", "ca-pw", "pki/ca.p12", "acl.conf", "recovered.txt");
        List<String> check = new ArrayList<>(List.of("git", "check-ignore", "--no-index", "--verbose", "--non-matching"));
        check.addAll(made);
        Process git = new ProcessBuilder(check).directory(ROOT.toFile()).redirectErrorStream(true).start();
        List<String> notIgnored = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("::")).toList();
        git.waitFor();
        assertThat(notIgnored).as("files of the quick start that .gitignore does not cover").isEmpty();
    }
}
