package imagehub.image;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.catalog.Platform;
import imagehub.core.ConflictException;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.core.ValidationException;
import imagehub.provider.CloudConnector;
import imagehub.provider.CloudProvider;
import imagehub.provider.CloudProvider.CloudImage;
import imagehub.provider.Clouds;
import imagehub.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's calls to the clouds, each made outside any database transaction: the lookup before a registration
 * or a copy commits, and after a commit the work it left pending — a copy the cloud is still making, a
 * deregistration owed to the cloud (intent row {@code image_deregistrations}), a deprecation to mirror. A recurring
 * reconciler finishes what is pending (after a crash or a failed call); another flags images the cloud no longer
 * holds. Outcomes are written with a guard on what the call was about, so a late answer never overwrites a newer
 * change.
 */
public final class ImageCloud {
    public static final String RECONCILE_TASK = "image-cloud-reconciler";
    public static final String MISSING_TASK = "image-missing-in-cloud";
    public static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MISSING_INTERVAL = Duration.ofMinutes(15);
    /** A deregistration is given up (failed, audited) after this many failed calls. */
    static final int MAX_ATTEMPTS = 5;
    /**
     * The reconciler leaves a pending deregistration alone this long after its last call (the caller's own, or a
     * failed one), twice as long after each further failure.
     */
    static final Duration RETRY_AFTER = Duration.ofSeconds(20);
    /** A copy still pending after this long is marked failed: the cloud has lost it. */
    static final Duration COPY_DEADLINE = Duration.ofHours(6);
    /** Images checked for presence per run of the missing-in-cloud task, least recently checked first. */
    static final int CHECK_BATCH = 200;
    private static final int MAX_MESSAGE = 500;
    private static final Logger log = LoggerFactory.getLogger(ImageCloud.class);

    private final Jdbi jdbi;
    private final CloudConnector connector;
    private final Clouds clouds;
    private final AuditWriter audit;
    private final Clock clock;

    public ImageCloud(Jdbi jdbi, CloudConnector connector, Clouds clouds, AuditWriter audit, Clock clock) {
        this.jdbi = jdbi;
        this.connector = connector;
        this.clouds = clouds;
        this.audit = audit;
        this.clock = clock;
    }

    /** A deregistration owed to the cloud: pending until the cloud call succeeds, failed after the last attempt. */
    public record Deregistration(long id, String imageId, String imageName, ScopeRef scope, Platform platform,
            String cloudLocation, String cloudImageId, String state, int attempts, String message, Instant createdAt) {
        public boolean done() {
            return "done".equals(state);
        }

        public boolean failed() {
            return "failed".equals(state);
        }
    }

    /**
     * The scope whose stored credentials reach the image: where it was registered; else (a Global image of a
     * platform that needs credentials) the scope the request runs in. Refuses on {@code field} when neither is an
     * account or environment.
     */
    ScopeRef cloudScope(Image image, ScopeRef requestScope, String field) {
        ScopeRef own = image.cloud().scope() != null ? image.cloud().scope() : image.scope();
        if (own.level() != ScopeLevel.GLOBAL || !needsCredentials(image.platform())) {
            return own;
        }
        if (requestScope.level() != ScopeLevel.GLOBAL) {
            return requestScope;
        }
        throw ValidationException.of(field, globalRefusal(image.platform()));
    }

    static String globalRefusal(Platform platform) {
        return "Global has no cloud credentials: do this in an account or environment that holds credentials for "
                + platform.label() + " (then promote the image)";
    }

    boolean needsCredentials(Platform platform) {
        return clouds.module(platform).needsCredentials();
    }

    /**
     * A provider for the scope's credentials, or a field error: no credentials or several and none named on
     * {@code cloudCredentials}, anything else on {@code field}. Makes no call to the cloud.
     */
    CloudProvider connect(ScopeRef scope, Platform platform, String region, Long credentialsId, String field) {
        try {
            return connector.connect(scope, platform, region, credentialsId);
        } catch (ConflictException refused) {
            throw ValidationException.of(refused.field().isEmpty() ? field : refused.field(), refused.getMessage());
        } catch (ProviderException failed) {
            throw ValidationException.of(field, explain(failed));
        }
    }

    /**
     * The cloud's description of {@code cloudImageId}, or a field error saying why it cannot be registered: not
     * there, credentials refused (on {@code cloudCredentials}), or the cloud not answering.
     */
    CloudImage lookup(ScopeRef scope, Platform platform, String region, String cloudImageId, Long credentialsId) {
        CloudProvider provider = connect(scope, platform, region, credentialsId, "cloudImageId");
        Optional<CloudImage> found;
        try {
            found = provider.describeImage(cloudImageId);
        } catch (ProviderException failed) {
            throw ValidationException.of(credentialsProblem(failed) ? "cloudCredentials" : "cloudImageId",
                    explain(failed));
        }
        CloudImage image = found.orElseThrow(() -> ValidationException.of("cloudImageId",
                "The " + platform.label() + " account holds no image " + cloudImageId + " in " + region
                        + " (or these credentials may not see it)"));
        if (image.state() == CloudImage.State.FAILED) {
            throw ValidationException.of("cloudImageId", cloudImageId + " failed in the cloud and cannot be used");
        }
        return image;
    }

    /** The images the account owns in the region, or a field error saying why they cannot be listed. */
    List<CloudImage> ownImages(ScopeRef scope, Platform platform, String region, Long credentialsId) {
        CloudProvider provider = connect(scope, platform, region, credentialsId, "cloudLocation");
        try {
            return provider.listOwnImages();
        } catch (ProviderException failed) {
            throw ValidationException.of(credentialsProblem(failed) ? "cloudCredentials" : "cloudLocation",
                    explain(failed));
        }
    }

    private static boolean credentialsProblem(ProviderException failed) {
        return failed.kind() == ProviderException.Kind.AUTH_FAILED
                || failed.kind() == ProviderException.Kind.ACCESS_DENIED;
    }

    /** The cloud's error in plain words, for a form, a JSON error or a recorded outcome. */
    static String explain(ProviderException failed) {
        String why = switch (failed.kind()) {
            case AUTH_FAILED -> "The cloud refused the credentials";
            case ACCESS_DENIED -> "The credentials lack a permission";
            case NOT_FOUND -> "The cloud does not hold it";
            case THROTTLED -> "The cloud is throttling requests; try again in a minute";
            case UNAVAILABLE -> "The cloud did not answer in time";
            case INVALID -> "The cloud refused the request";
            case UNSUPPORTED -> "The endpoint does not support it";
        };
        return clip(why + ": " + failed.getMessage());
    }

    // ---- deregistration ---------------------------------------------------------------------------------------

    /** Records, in the caller's transaction, that the image's cloud image is to be deregistered via {@code scope}. */
    long requestDeregistration(Handle h, Viewer viewer, Image image, ScopeRef scope) {
        Instant now = clock.instant();
        return h.createUpdate("""
                        INSERT INTO image_deregistrations (image_id, image_name, scope_level, scope_id, platform,
                          cloud_location, cloud_image_id, credentials_id, state, attempts, requested_by, created_at,
                          updated_at)
                        VALUES (:imageId, :name, :level, :scopeId, :platform, :location, :cloudImageId, :credentialsId,
                          'pending', 0, :by, :now, :now)""")
                .bind("imageId", image.id()).bind("name", image.name()).bind("level", scope.level().name())
                .bind("scopeId", scope.id()).bind("platform", image.platform().id())
                .bind("location", image.cloudLocation()).bind("cloudImageId", image.cloudImageId())
                .bind("credentialsId", image.cloud().credentialsId()).bind("by", viewer.email()).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /**
     * One attempt at a pending deregistration, unless another caller claimed this attempt first: the cloud call,
     * then its outcome (done when the cloud no longer holds the image; failed and audited after the last attempt).
     */
    Deregistration deregister(long id, Viewer viewer) {
        Deregistration pending = deregistration(id).orElseThrow();
        if (!"pending".equals(pending.state()) || !claim(pending)) {
            return deregistration(id).orElseThrow();
        }
        String state;
        String message;
        try {
            connector.connect(pending.scope(), pending.platform(), pending.cloudLocation(), credentialsOf(id))
                    .deleteImage(pending.cloudImageId());
            state = "done";
            message = "Deregistered " + pending.cloudImageId() + " in " + pending.cloudLocation();
        } catch (ProviderException failed) {
            boolean gone = failed.kind() == ProviderException.Kind.NOT_FOUND;
            state = gone ? "done" : pending.attempts() + 1 >= MAX_ATTEMPTS ? "failed" : "pending";
            message = gone ? "The cloud no longer held " + pending.cloudImageId() : explain(failed);
        } catch (ConflictException | ValidationException refused) {
            state = pending.attempts() + 1 >= MAX_ATTEMPTS ? "failed" : "pending";
            message = clip(refused.getMessage());
        }
        String outcome = state;
        String text = message;
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE image_deregistrations SET state = :state, message = :message, updated_at = :now"
                            + " WHERE id = :id")
                    .bind("state", outcome).bind("message", text).bind("now", clock.instant()).bind("id", id).execute();
            if (!"pending".equals(outcome)) {
                audit.record(h, viewer, new AuditWriter.Change(outcome.equals("done") ? "image.deregister"
                        : "image.deregister.failed", "image", pending.imageId(), pending.imageName(), pending.scope(),
                        null, Map.of("cloudImageId", pending.cloudImageId(), "cloudLocation", pending.cloudLocation(),
                                "message", text)));
            }
        });
        if (!"done".equals(outcome)) {
            log.warn("Deregistering {} in {} ({}): {}", pending.cloudImageId(), pending.cloudLocation(), outcome, text);
        }
        return deregistration(id).orElseThrow();
    }

    /** Takes the next attempt: bumps {@code attempts} if nobody did since it was read. */
    private boolean claim(Deregistration pending) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE image_deregistrations SET attempts = attempts + 1, updated_at = :now
                        WHERE id = :id AND state = 'pending' AND attempts = :seen""")
                .bind("now", clock.instant()).bind("id", pending.id()).bind("seen", pending.attempts()).execute()) == 1;
    }

    private Long credentialsOf(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT credentials_id FROM image_deregistrations WHERE id = :id")
                .bind("id", id).mapTo(Long.class).findOne().orElse(null));
    }

    Optional<Deregistration> deregistration(long id) {
        return jdbi.withHandle(h -> h.createQuery(DEREGISTRATIONS + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> deregistrationOf(rs)).findOne());
    }

    /** The deregistrations requested at {@code scope} that are not done, newest first. */
    List<Deregistration> unfinishedDeregistrations(ScopeRef scope) {
        return jdbi.withHandle(h -> h.createQuery(DEREGISTRATIONS
                        + " WHERE scope_level = :level AND scope_id = :scopeId AND state <> 'done'"
                        + " ORDER BY created_at DESC, id DESC LIMIT 50")
                .bind("level", scope.level().name()).bind("scopeId", scope.id())
                .map((rs, ctx) -> deregistrationOf(rs)).list());
    }

    private static final String DEREGISTRATIONS = """
            SELECT id, image_id, image_name, scope_level, scope_id, platform, cloud_location, cloud_image_id, state,
              attempts, message, created_at
            FROM image_deregistrations""";

    private static Deregistration deregistrationOf(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Deregistration(rs.getLong("id"), rs.getString("image_id"), rs.getString("image_name"),
                new ScopeRef(ScopeLevel.valueOf(rs.getString("scope_level")), rs.getLong("scope_id")),
                Platform.find(rs.getString("platform")).orElseThrow(), rs.getString("cloud_location"),
                rs.getString("cloud_image_id"), rs.getString("state"), rs.getInt("attempts"), rs.getString("message"),
                rs.getTimestamp("created_at").toInstant());
    }

    // ---- deprecation mirror -----------------------------------------------------------------------------------

    /**
     * Mirrors the image's deprecation into the cloud when it is pending (after a commit that changed it), and
     * records how it went: mirrored, not supported by the endpoint, or failed; the catalog stays as committed.
     */
    void mirrorDeprecation(String imageId) {
        Optional<Image> found = jdbi.withHandle(h -> h.attach(ImageDao.class).find(imageId)).map(ImageRow::toImage)
                .filter(image -> image.cloud().deprecationPending());
        if (found.isEmpty()) {
            return;
        }
        Image image = found.get();
        String note = deprecationNote(image);
        String recorded = note == null ? null : clip(note);
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE images SET cloud_deprecation_pending = FALSE, cloud_deprecation_note = :note
                        WHERE id = :id AND cloud_deprecation_pending AND deprecated = :deprecated
                          AND deprecated_at <=> :deprecatedAt AND deprecation_due_at <=> :dueAt""")
                .bind("note", recorded).bind("id", image.id()).bind("deprecated", image.deprecated())
                .bind("deprecatedAt", image.deprecatedAt()).bind("dueAt", image.deprecationDueAt()).execute());
    }

    /** Sets the image's deprecation in the cloud; says how it went (null for the sandbox, which keeps none). */
    private String deprecationNote(Image image) {
        if (!needsCredentials(image.platform())) {
            return null;
        }
        Instant at = image.deprecated() ? image.deprecatedAt() : image.deprecationDueAt();
        try {
            ScopeRef scope = cloudScope(image, image.scope(), "deprecated");
            connect(scope, image.platform(), image.cloudLocation(), image.cloud().credentialsId(), "deprecated")
                    .setImageDeprecation(image.cloudImageId(), at);
            return at == null ? "Mirrored to the cloud: not deprecated there"
                    : "Mirrored to the cloud: deprecated there from " + at;
        } catch (ProviderException failed) {
            return failed.kind() == ProviderException.Kind.UNSUPPORTED
                    ? "Not mirrored: the endpoint does not support it"
                    : "Not mirrored: " + explain(failed);
        } catch (ValidationException refused) {
            return "Not mirrored: " + refused.getMessage();
        }
    }

    // ---- reconciler -------------------------------------------------------------------------------------------

    /**
     * One pass over pending work: images the cloud is still making (until available, failed, or past
     * {@link #COPY_DEADLINE}), deregistrations whose backoff after their last call ({@link #RETRY_AFTER}, doubling)
     * has passed, deprecations not yet mirrored. Returns how many items it looked at.
     */
    public int reconcile() {
        int seen = 0;
        for (String imageId : ids("SELECT id FROM images WHERE cloud_state = 'pending' ORDER BY created_at LIMIT 100")) {
            pollPending(imageId);
            seen++;
        }
        // Backoff: RETRY_AFTER after the first call, doubling after each further one (20 s … 160 s).
        List<Long> deregistrations = jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM image_deregistrations WHERE state = 'pending'
                          AND updated_at <= :now - INTERVAL (:base << LEAST(GREATEST(attempts - 1, 0), 10)) SECOND
                        ORDER BY updated_at LIMIT 100""")
                .bind("now", clock.instant()).bind("base", RETRY_AFTER.toSeconds()).mapTo(Long.class).list());
        for (long id : deregistrations) {
            deregister(id, Viewer.system());
            seen++;
        }
        for (String imageId : ids("SELECT id FROM images WHERE cloud_deprecation_pending ORDER BY id LIMIT 100")) {
            mirrorDeprecation(imageId);
            seen++;
        }
        return seen;
    }

    /** Asks the cloud whether a pending image is ready, and records the answer. */
    void pollPending(String imageId) {
        Optional<Image> found = jdbi.withHandle(h -> h.attach(ImageDao.class).find(imageId)).map(ImageRow::toImage)
                .filter(image -> image.cloud().state() == CloudState.PENDING);
        if (found.isEmpty()) {
            return;
        }
        Image image = found.get();
        CloudState state;
        String message = null;
        try {
            ScopeRef scope = cloudScope(image, image.scope(), "cloudImageId");
            Optional<CloudImage> described = connect(scope, image.platform(), image.cloudLocation(),
                    image.cloud().credentialsId(), "cloudImageId").describeImage(image.cloudImageId());
            state = described.map(d -> switch (d.state()) {
                case AVAILABLE -> CloudState.AVAILABLE;
                case FAILED -> CloudState.FAILED;
                case PENDING -> CloudState.PENDING;
            }).orElse(CloudState.FAILED);
            if (described.isEmpty()) {
                message = "The cloud no longer holds " + image.cloudImageId();
            } else if (state == CloudState.FAILED) {
                message = "The cloud could not make " + image.cloudImageId();
            }
        } catch (ProviderException | ValidationException unanswered) {
            log.info("Image {} is still pending: {}", image.id(), unanswered.getMessage());
            state = CloudState.PENDING;
        }
        if (state == CloudState.PENDING && image.createdAt().plus(COPY_DEADLINE).isBefore(clock.instant())) {
            state = CloudState.FAILED;
            message = "Not available after " + COPY_DEADLINE.toHours() + " hours";
        }
        if (state == CloudState.PENDING) {
            return;
        }
        CloudState outcome = state;
        String text = message;
        jdbi.useTransaction(h -> {
            ImageDao dao = h.attach(ImageDao.class);
            Optional<Image> before = dao.lock(imageId).map(ImageRow::toImage)
                    .filter(current -> current.cloud().state() == CloudState.PENDING);
            if (before.isPresent()) {
                h.createUpdate("UPDATE images SET cloud_state = :state, cloud_state_message = :message WHERE id = :id")
                        .bind("state", outcome.id()).bind("message", text).bind("id", imageId).execute();
                Image after = dao.find(imageId).orElseThrow().toImage();
                audit.record(h, Viewer.system(), new AuditWriter.Change(outcome == CloudState.AVAILABLE
                        ? "image.cloud.available" : "image.cloud.failed", "image", imageId, after.name(), after.scope(),
                        before.get(), after));
            }
        });
    }

    // ---- missing in cloud -------------------------------------------------------------------------------------

    /**
     * Asks the cloud about the least recently checked images ({@link #CHECK_BATCH} of them): flags those it no longer
     * holds, clears the flag of those back. An image whose cloud cannot be asked (no credentials, an error) keeps its
     * flag as it was. Returns how many changed.
     */
    public int checkMissing() {
        List<Image> batch = jdbi.withHandle(h -> h.createQuery("SELECT " + ImageRow.COLUMNS
                        + " FROM images WHERE cloud_state <> 'pending'"
                        + " ORDER BY cloud_checked_at IS NOT NULL, cloud_checked_at, id LIMIT :limit")
                .bind("limit", CHECK_BATCH).mapTo(ImageRow.class).map(ImageRow::toImage).list());
        int changed = 0;
        for (Image image : batch) {
            Boolean present = present(image);
            jdbi.useHandle(h -> h.createUpdate("""
                            UPDATE images SET cloud_checked_at = :now,
                              missing_in_cloud_at = CASE WHEN :unknown THEN missing_in_cloud_at WHEN :present THEN NULL
                                ELSE COALESCE(missing_in_cloud_at, :now) END
                            WHERE id = :id""")
                    .bind("now", clock.instant()).bind("unknown", present == null)
                    .bind("present", Boolean.TRUE.equals(present)).bind("id", image.id()).execute());
            if (present != null && present == image.cloud().missing()) {
                changed++;
            }
        }
        return changed;
    }

    /** Whether the cloud holds the image; null when it cannot be asked. */
    private Boolean present(Image image) {
        ScopeRef own = image.cloud().scope() != null ? image.cloud().scope() : image.scope();
        if (own.level() == ScopeLevel.GLOBAL && needsCredentials(image.platform())) {
            return null;
        }
        try {
            return connector.connect(own, image.platform(), image.cloudLocation(), image.cloud().credentialsId())
                    .describeImage(image.cloudImageId()).isPresent();
        } catch (ProviderException | ConflictException | ValidationException unanswered) {
            log.debug("Cannot check image {} in the cloud: {}", image.id(), unanswered.getMessage());
            return null;
        }
    }

    // ---- tasks ------------------------------------------------------------------------------------------------

    public RecurringTask<Void> reconcilerTask(Duration interval) {
        return Tasks.recurring(RECONCILE_TASK, FixedDelay.of(interval)).execute((instance, context) -> reconcile());
    }

    public RecurringTask<Void> missingTask(Duration interval) {
        return Tasks.recurring(MISSING_TASK, FixedDelay.of(interval)).execute((instance, context) -> {
            int changed = checkMissing();
            if (changed > 0) {
                log.info("{} image(s) changed presence in the cloud", changed);
            }
        });
    }

    private List<String> ids(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private static String clip(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
