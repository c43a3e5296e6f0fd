package dev.dkg.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the suite's executables running as a real process: its stdout and stderr are collected line by
 * line so a test can wait for a line, read everything it printed, and kill it (SIGKILL) at any moment.
 */
public final class RoleProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outPump;
    private final Thread errPump;

    RoleProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.outPump = pump(process.getInputStream(), out, name + "-out");
        this.errPump = pump(process.getErrorStream(), err, name + "-err");
    }

    private Thread pump(InputStream in, List<String> sink, String threadName) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        sink.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process went away; what it printed so far stays available.
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until a stdout line matches {@code regex}; returns the match (groups available). */
    public Matcher awaitOut(String regex, Duration timeout) throws InterruptedException {
        return await(out, regex, timeout, "stdout");
    }

    /** Waits until a stderr line matches {@code regex}. */
    public Matcher awaitErr(String regex, Duration timeout) throws InterruptedException {
        return await(err, regex, timeout, "stderr");
    }

    private synchronized Matcher await(List<String> lines, String regex, Duration timeout, String which)
            throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                Matcher m = p.matcher(lines.get(seen));
                if (m.find()) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && pumpsDone())) {
                throw new AssertionError(name + ": no " + which + " line matching /" + regex + "/ within " + timeout
                        + (process.isAlive() ? "" : " (process exited " + process.exitValue() + ")") + "\n" + transcript());
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
    }

    private boolean pumpsDone() {
        return !outPump.isAlive() && !errPump.isAlive();
    }

    /** Waits for the process to exit and returns its exit code; fails the test if it does not. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + ": still running after " + timeout + "\n" + transcript());
        }
        outPump.join(2000);
        errPump.join(2000);
        return process.exitValue();
    }

    /** Writes {@code text} to the process's standard input. */
    public void type(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    public synchronized String stdout() {
        return String.join("\n", out);
    }

    public synchronized String stderr() {
        return String.join("\n", err);
    }

    /** Everything printed so far, for failure messages. */
    public synchronized String transcript() {
        return "--- " + name + " stdout ---\n" + String.join("\n", out) + "\n--- " + name + " stderr ---\n"
                + String.join("\n", err);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash would: no shutdown hooks run. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
