package imagehub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imagehub's {@code main} in a JVM of its own, as an operator runs it: for what only a real process
 * shows (exit codes, SIGTERM, the JVM's own temp dir).
 */
public final class AppProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");

    private final Process process;
    private final Path log;

    private AppProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code imagehub.App} with exactly {@code env} (plus PATH/HOME) and the default temp dir. */
    public static AppProcess start(Map<String, String> env) throws IOException {
        Path log = Files.createTempFile(Path.of("target"), "app-process", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-Djava.io.tmpdir=/tmp",
                "-cp", System.getProperty("java.class.path"), "imagehub.App"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("IMAGEHUB_"));
        builder.environment().putAll(env);
        return new AppProcess(builder.start(), log);
    }

    /** Waits until the app listens and returns its port; fails with the log when it exits first. */
    public int awaitPort(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(output());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("did not start within " + timeout + ":\n" + output());
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("still running after " + timeout);
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, as an init system does, and waits for the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit(Duration.ofSeconds(30));
    }

    /**
     * Kills the JVM with SIGKILL, as {@code kill -9} or the OOM killer do: no shutdown hooks run, and the
     * processes it started (its mariadbd) live on. Returns the exit code (137).
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
