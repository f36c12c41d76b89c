package imagehub;

import imagehub.cli.Cli;
import imagehub.cli.CliContext;
import imagehub.db.Database;
import imagehub.db.DatabaseLogin;
import imagehub.db.EmbeddedDatabase;
import imagehub.demo.DemoData;
import imagehub.user.Bootstrap;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Imagehub: database (embedded or external), migrations, scheduler, web server. */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final int EXIT_START_FAILED = 2;
    private static final int EXIT_DATABASE_LOST = 3;

    private final Optional<EmbeddedDatabase> embedded;
    private final AppContext context;
    private final Javalin web;
    private boolean closed;

    private App(Optional<EmbeddedDatabase> embedded, AppContext context, Javalin web) {
        this.embedded = embedded;
        this.context = context;
        this.web = web;
    }

    /** Starts the server with no arguments or {@code serve}; anything else is a CLI command ({@link Cli}). */
    public static void main(String[] args) {
        if (args.length > 0 && !(args.length == 1 && args[0].equals("serve"))) {
            System.exit(Cli.run(args, CliContext.system()));
        }
        try {
            App app = start(Config.from(System.getenv()));
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "imagehub-shutdown"));
        } catch (RuntimeException e) {
            log.error("Imagehub did not start: {}", e.getMessage(), e);
            System.exit(EXIT_START_FAILED);
        }
    }

    /** Starts a complete Imagehub with {@code config}; closing it stops everything it started. */
    public static App start(Config config) {
        long started = System.nanoTime();
        Optional<EmbeddedDatabase> embedded = Optional.empty();
        Database database = null;
        try {
            DatabaseLogin login;
            if (config.externalDb().isPresent()) {
                login = config.externalDb().get();
            } else {
                embedded = Optional.of(EmbeddedDatabase.start(config.dataDir(), App::exitWithoutDatabase));
                login = embedded.get().appLogin();
            }
            database = Database.open(login.url(), login.user(), login.password());
            database.migrate();
            AppContext context = new AppContext(config, database, Clock.systemUTC());
            Bootstrap.run(config, context.jdbi, context.audit, context.apiKeys, context.clock);
            if (config.demo()) {
                new DemoData(context).seed();
            }
            if (config.scheduler()) {
                context.jobs.start(database.dataSource(), Duration.ofSeconds(1));
            } else {
                log.info("The scheduler is off (IMAGEHUB_SCHEDULER=false): this node runs no background work");
            }
            Javalin web = Javalin.create(javalin -> WebApp.configure(javalin, context)).start(config.port());
            log.info("Imagehub {} listening on http://localhost:{} (started in {} ms)", context.build.version(),
                    web.port(), Duration.ofNanos(System.nanoTime() - started).toMillis());
            return new App(embedded, context, web);
        } catch (RuntimeException e) {
            if (database != null) {
                database.close();
            }
            embedded.ifPresent(EmbeddedDatabase::close);
            throw e;
        }
    }

    /**
     * The embedded database died and its watchdog could not bring it back: without it every request fails,
     * so the process ends for its supervisor (Docker, systemd) to start it afresh.
     */
    private static void exitWithoutDatabase() {
        log.error("Imagehub is exiting (status {}): its embedded database is gone", EXIT_DATABASE_LOST);
        System.exit(EXIT_DATABASE_LOST);
    }

    public int port() {
        return web.port();
    }

    public AppContext context() {
        return context;
    }

    public boolean usesEmbeddedDatabase() {
        return embedded.isPresent();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        web.stop();
        context.jobs.close();
        context.updateTaskRunner.close();
        context.database.close();
        embedded.ifPresent(EmbeddedDatabase::close);
        log.info("Imagehub stopped");
    }
}
