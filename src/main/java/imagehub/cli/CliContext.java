package imagehub.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a CLI run reads and writes besides its arguments, so tests run it in-process.
 *
 * @param env the environment variables ({@code IMAGEHUB_URL} and the like)
 * @param home the user's home, holding {@code .imagehub/config}
 * @param console whether stderr is a terminal (the progress bar is then redrawn in place)
 */
public record CliContext(Map<String, String> env, Path home, InputStream in, PrintStream out, PrintStream err,
        Clock clock, boolean console) {

    /** The process's own environment, home directory and standard streams. */
    public static CliContext system() {
        return new CliContext(System.getenv(), Path.of(System.getProperty("user.home")), System.in, System.out,
                System.err, Clock.systemUTC(), System.console() != null);
    }
}
