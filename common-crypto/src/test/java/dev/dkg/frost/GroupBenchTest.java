package dev.dkg.frost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dkg.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The group benchmark's command line: one figure per suite on stdout, bad arguments refused with exit 2. */
class GroupBenchTest {
    @Test
    void printsAPositiveRateForEverySuiteOnOneMachineReadableLine() {
        StringWriter out = new StringWriter();
        CommandLine cl = Cli.commandLine("group-bench", new GroupBench());
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--seconds", "0.05")).isZero();
        String line = out.toString().lines().filter(l -> l.startsWith("group-bench:")).findFirst().orElseThrow();
        for (Ciphersuite suite : Ciphersuite.values()) {
            for (String figure : new String[] {"_mult_per_s=", "_base_mult_per_s="}) {
                Matcher m = Pattern.compile(" " + suite.scheme() + figure + "(\\d+)").matcher(line);
                assertThat(m.find()).as(line).isTrue();
                assertThat(Long.parseLong(m.group(1))).isPositive();
            }
        }
    }

    @Test
    void refusesANonPositiveDurationWithAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine("group-bench", new GroupBench());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--seconds", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("group-bench: error: --seconds must be in (0, 600]");
    }
}
