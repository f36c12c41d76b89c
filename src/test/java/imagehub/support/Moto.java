package imagehub.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * moto, the AWS emulator, as a local process for tests that point the real AWS SDK at it. One shared server per test
 * JVM ({@link #endpoint()}, {@link #reset()}), started on first use on a free port and killed at JVM exit; tests
 * that change moto's global settings (enforced authentication) start a {@link #separate() separate} one.
 * <p>
 * The server is {@code $IMAGEHUB_TEST_MOTO} or {@code moto_server} on the PATH; without it the test fails saying how
 * to install it (./test.sh does), it never skips. Its log is {@code target/moto-PORT.log}.
 */
public final class Moto {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static Server shared;

    private Moto() {
    }

    /** The shared server's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public static URI endpoint() {
        return shared().endpoint();
    }

    /** Empties the shared server: every region and service back to moto's defaults. */
    public static void reset() {
        shared().reset();
    }

    public static synchronized Server shared() {
        if (shared == null) {
            shared = separate();
        }
        return shared;
    }

    /** A server of its own (killed at JVM exit, or earlier by {@link Server#close()}). */
    public static Server separate() {
        Path executable = executable();
        IOException last = null;
        // The free port can be taken between probing and moto binding it on a busy machine: try a few.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Optional<Server> server = Server.start(executable, freePort());
                if (server.isPresent()) {
                    return server.get();
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("moto_server (" + executable + ") did not start; see target/moto-*.log", last);
    }

    private static Path executable() {
        String configured = System.getenv("IMAGEHUB_TEST_MOTO");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("IMAGEHUB_TEST_MOTO=" + configured + " is not an executable file");
            }
            return path;
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "moto_server"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("moto_server is not on the PATH: the AWS tests need the"
                        + " moto emulator. Install it with  python3 -m pip install 'moto[server]==5.2.1'  (./test.sh"
                        + " does this), or set IMAGEHUB_TEST_MOTO to the moto_server executable."));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** One running moto_server. */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final URI endpoint;
        private final Path log;

        private Server(Process process, URI endpoint, Path log) {
            this.process = process;
            this.endpoint = endpoint;
            this.log = log;
        }

        /** Starts moto on {@code port}; empty when it exited at once (the port was taken). */
        static Optional<Server> start(Path executable, int port) throws IOException {
            Files.createDirectories(Path.of("target"));
            Path log = Path.of("target", "moto-" + port + ".log");
            Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Server server = new Server(process, URI.create("http://127.0.0.1:" + port), log);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    return Optional.empty();
                }
                if (server.answers()) {
                    return Optional.of(server);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            server.close();
            throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT + ":\n"
                    + Files.readString(log));
        }

        public URI endpoint() {
            return endpoint;
        }

        public int port() {
            return endpoint.getPort();
        }

        /** Empties every region and service (POST /moto-api/reset). */
        public void reset() {
            post("/moto-api/reset", "");
        }

        /**
         * Makes moto check signatures and IAM policies after {@code freeActions} more calls: unknown access keys get
         * AuthFailure / InvalidClientTokenId, IAM users only what their policies allow. Affects the whole server,
         * so use it on a {@link Moto#separate()} one.
         */
        public void enforceAuthAfter(int freeActions) {
            post("/moto-api/reset-auth", String.valueOf(freeActions));
        }

        /**
         * An AWS query call (IAM, STS, EC2, …) straight to moto, for set-up the SDK modules on the classpath do not
         * cover (IAM). Unsigned, so only before {@link #enforceAuthAfter} takes effect. Returns the XML answer.
         */
        public String query(String service, String region, Map<String, String> params) {
            StringBuilder form = new StringBuilder();
            params.forEach((key, value) -> form.append(form.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            try {
                HttpURLConnection connection = open("/");
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
                // moto picks the service and region from the credential scope.
                connection.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIMAGEHUBSETUP000/20260101/"
                        + region + "/" + service + "/aws4_request, SignedHeaders=host, Signature=0");
                connection.getOutputStream().write(form.toString().getBytes(StandardCharsets.UTF_8));
                int status = connection.getResponseCode();
                String answer = new String((status < 400 ? connection.getInputStream() : connection.getErrorStream())
                        .readAllBytes(), StandardCharsets.UTF_8);
                if (status >= 400) {
                    throw new IllegalStateException("moto answered " + status + " to " + params.get("Action") + ": "
                            + answer);
                }
                return answer;
            } catch (IOException e) {
                throw new IllegalStateException("moto did not answer " + params.get("Action"), e);
            }
        }

        private boolean answers() {
            try {
                HttpURLConnection connection = open("/moto-api/data.json");
                connection.setRequestMethod("GET");
                return connection.getResponseCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }

        private void post(String path, String body) {
            try {
                HttpURLConnection connection = open(path);
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                // text/plain: moto reads the raw body (a form content type would be parsed away).
                connection.setRequestProperty("Content-Type", "text/plain");
                connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
                int status = connection.getResponseCode();
                if (status != 200) {
                    throw new IllegalStateException("moto answered " + status + " to POST " + path);
                }
            } catch (IOException e) {
                throw new IllegalStateException("moto did not answer POST " + path, e);
            }
        }

        private HttpURLConnection open(String path) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(30_000);
            return connection;
        }

        /** Kills moto and what it started (a pyenv shim may run it as a child). */
        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
