package dev.dkg.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's RSA private-operation rate, which bounds every benchmark: the faster of the suite's crypto
 * provider (measured by the caller's own loop) and {@code openssl speed} for the same key size, run as one
 * process per thread on this process's CPUs (a child inherits the CPU affinity that taskset gave its parent).
 * A bound measured slower than the work it bounds would flatter the figure, so callers measure before and
 * after their window and keep the larger ({@link Rate#max}).
 */
public final class RsaBound {
    private static final Pattern SIGN_LINE = Pattern.compile(
            "^rsa\\s+(\\d+) bits\\s+[0-9.]+s\\s+[0-9.]+s\\s+([0-9.]+)\\s+[0-9.]+\\s*$", Pattern.MULTILINE);

    private RsaBound() {}

    /** Private operations per second of the provider and of OpenSSL ({@code NaN} when openssl is unavailable). */
    public record Rate(double provider, double openssl) {
        /** The bound: the faster of the two. */
        public double fastest() {
            return Double.isNaN(openssl) ? provider : Math.max(provider, openssl);
        }

        /** Provider / OpenSSL; {@code NaN} without OpenSSL. */
        public double providerToOpenssl() {
            return provider / openssl;
        }

        /** Each figure the larger of this and {@code other}'s (a measurement before and one after a window). */
        public Rate max(Rate other) {
            return new Rate(Math.max(provider, other.provider), Double.isNaN(openssl) ? other.openssl
                    : Double.isNaN(other.openssl) ? openssl : Math.max(openssl, other.openssl));
        }

        /** {@code provider_per_s=… openssl_per_s=… provider_openssl_ratio=…} for a benchmark's key=value line. */
        public String fields() {
            return String.format(Locale.ROOT, "provider_per_s=%.1f openssl_per_s=%s provider_openssl_ratio=%s", provider,
                    Double.isNaN(openssl) ? "unavailable" : String.format(Locale.ROOT, "%.1f", openssl),
                    Double.isNaN(openssl) ? "unavailable" : String.format(Locale.ROOT, "%.2f", providerToOpenssl()));
        }
    }

    /**
     * Summed {@code sign/s} of {@code processes} concurrent {@code openssl speed -elapsed -seconds S rsaBITS} runs (RSA
     * PKCS#1 signing: the same private-key operation as PSS signing and OAEP unwrapping, without the padding's
     * few hashes), or {@code NaN} if openssl is missing or prints no figure.
     */
    public static double opensslSignPerSecond(int bits, int processes, double seconds) throws InterruptedException {
        String duration = Long.toString(Math.max(1, Math.round(seconds)));
        List<Process> running = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                // -elapsed: wall-clock rate like every other figure; by default openssl divides by its CPU time,
                // which on a loaded machine reports the speed it would have had alone.
                running.add(new ProcessBuilder("openssl", "speed", "-elapsed", "-seconds", duration, "rsa" + bits)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            double total = 0;
            for (Process p : running) {
                String output;
                try (InputStream in = p.getInputStream()) {
                    output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!p.waitFor(Math.round(seconds) + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return Double.NaN;
                }
                total += signPerSecond(output, bits);
            }
            return total;
        } catch (IOException e) {
            return Double.NaN;
        } finally {
            running.forEach(Process::destroy);
        }
    }

    /** The {@code sign/s} figure of {@code openssl speed} output for {@code bits}, or {@code NaN} if it has none. */
    static double signPerSecond(String output, int bits) {
        Matcher m = SIGN_LINE.matcher(output);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == bits) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }
}
