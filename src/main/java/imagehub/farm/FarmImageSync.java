package imagehub.farm;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import imagehub.access.Channel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ConflictException;
import imagehub.core.ScopeRef;
import imagehub.core.ValidationException;
import imagehub.provider.CloudConnector;
import imagehub.role.RoleImageListener;
import imagehub.role.RoleUsage;
import imagehub.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each bound scaling group's launch configuration on its farm role's image. A role-image change marks the
 * bound farm roles of that role and location pending inside the change's own transaction ({@link #changed},
 * the hook RoleImages calls); after the commit an executor applies them at once, and a recurring task retries what
 * is still pending (a passing cloud failure, with backoff; a crash) until it is applied or failed with the cause.
 * Each attempt claims the pending version first, and its outcome is recorded for that version only: a newer change
 * always wins.
 */
public final class FarmImageSync implements RoleImageListener {
    public static final String TASK_NAME = "farm-image-sync";
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    /** How long an attempt may take before another node may claim the same change: above any call's timeout. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** Passing failures (throttled, unavailable) are retried this many times before the farm role is failed. */
    static final int MAX_ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(FarmImageSync.class);
    private static final Viewer SYNC = new Viewer(0, "image-sync", List.of(), Channel.SCHEDULER);

    private final Jdbi jdbi;
    private final AuditWriter audit;
    private final CloudConnector connector;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "farm-image-sync");
        thread.setDaemon(true);
        return thread;
    });

    public FarmImageSync(Jdbi jdbi, AuditWriter audit, CloudConnector connector, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.connector = connector;
        this.clock = clock;
    }

    /**
     * The roles {@code roleIds} now use {@code imageId} in {@code platform} + {@code location} (null: no image there
     * any more). Runs inside the transaction making that change; the cloud is called only after it commits.
     */
    @Override
    public void changed(Handle h, List<Long> roleIds, String platform, String location, String imageId) {
        if (!roleIds.isEmpty()
                && mark(h, h.attach(ImageSyncDao.class).boundFarmRoles(roleIds, platform, location), location, imageId)) {
            h.afterCommit(this::wake);
        }
    }

    /** The bound scaling groups a change of these roles' image there would update, for the replacement preview. */
    @Override
    public List<RoleUsage.Use> wouldTouch(Handle h, List<Long> roleIds, String platform, String location) {
        return h.createQuery("""
                        SELECT fr.scaling_group_id, fr.alias, f.name, f.env_id FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id
                        WHERE fr.role_id IN (<roleIds>) AND fr.platform = :platform AND fr.cloud_location = :location
                          AND fr.scaling_group_id IS NOT NULL ORDER BY f.name, fr.alias""")
                .bindList("roleIds", roleIds).bind("platform", platform).bind("location", location)
                .map((rs, ctx) -> new RoleUsage.Use("scaling group", rs.getString("scaling_group_id"),
                        rs.getString("scaling_group_id"), ScopeRef.environment(rs.getLong("env_id")),
                        "farm role " + rs.getString("alias") + " in farm " + rs.getString("name")))
                .list();
    }

    /**
     * Marks {@code farmRoleIds} pending with {@code imageId}'s cloud id, or failed when there is no image; whether
     * any is pending now.
     */
    boolean mark(Handle h, List<Long> farmRoleIds, String location, String imageId) {
        if (farmRoleIds.isEmpty()) {
            return false;
        }
        ImageSyncDao dao = h.attach(ImageSyncDao.class);
        String target = imageId == null ? null : dao.cloudImageIdOf(imageId).orElse(null);
        if (target == null) {
            dao.mark(farmRoleIds, ImageSyncStatus.FAILED, null, "The role has no image for " + location
                    + " any more; the scaling group keeps the image it had", now());
            return false;
        }
        dao.mark(farmRoleIds, ImageSyncStatus.PENDING, target, null, now());
        return true;
    }

    /**
     * A farm role just bound to a group that launches {@code groupImage}: applied when that is already the role's
     * image, else pending, applied once the binding commits.
     */
    void bound(Handle h, long farmRoleId, String location, String imageId, String groupImage) {
        ImageSyncDao dao = h.attach(ImageSyncDao.class);
        String target = dao.cloudImageIdOf(imageId).orElseThrow();
        if (target.equals(groupImage)) {
            dao.mark(List.of(farmRoleId), ImageSyncStatus.APPLIED, target, null, now());
        } else if (mark(h, List.of(farmRoleId), location, imageId)) {
            h.afterCommit(this::wake);
        }
    }

    /** Applies what is due now, off the caller's thread. */
    public void wake() {
        executor.execute(() -> {
            try {
                applyDue();
            } catch (RuntimeException e) {
                log.warn("Image sync pass failed: {}", e.getMessage());
            }
        });
    }

    public RecurringTask<Void> task() {
        return Tasks.recurring(TASK_NAME, FixedDelay.of(INTERVAL)).execute((instance, context) -> applyDue());
    }

    /** Applies every pending change that is due; returns how many it attempted. */
    public int applyDue() {
        Instant now = now();
        List<Long> due = jdbi.withExtension(ImageSyncDao.class, dao -> dao.due(ImageSyncStatus.PENDING, now,
                now.minus(LEASE)));
        int attempted = 0;
        for (long farmRoleId : due) {
            try {
                attempted += apply(farmRoleId) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("Could not apply the image of farm role {}: {}", farmRoleId, e.getMessage());
            }
        }
        return attempted;
    }

    /**
     * Marks the bound farm role pending again with its role's current image for its location and applies it now:
     * the retry after a failure (or after a change made in the cloud behind Imagehub's back). The caller checked
     * the viewer's rights.
     */
    void retry(Viewer viewer, FarmRole farmRole) {
        long farmRoleId = farmRole.id();
        // Applied right here rather than woken: the caller answers with the outcome.
        jdbi.useTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            String imageId = dao.roleImage(farmRole.roleId(), farmRole.platform(), farmRole.cloudLocation()).orElse(null);
            mark(h, List.of(farmRoleId), farmRole.cloudLocation(), imageId);
            audit.record(h, viewer, new AuditWriter.Change("farm-role.sync-image", "farm-role",
                    String.valueOf(farmRoleId), farmRole.alias(), ScopeRef.environment(farmRole.envId()), null,
                    Map.of("imageId", imageId == null ? "" : imageId)));
        });
        apply(farmRoleId);
    }

    /** One attempt at one farm role's pending change; false when there was none due or another node has it. */
    boolean apply(long farmRoleId) {
        Instant now = now();
        ImageSyncDao.SyncRow row = jdbi.withExtension(ImageSyncDao.class, dao -> dao.find(farmRoleId)).orElse(null);
        if (row == null || row.imageSyncStatus() != ImageSyncStatus.PENDING
                || jdbi.inTransaction(h -> h.attach(ImageSyncDao.class).claim(farmRoleId, row.imageSyncVersion(),
                        ImageSyncStatus.PENDING, now, now.minus(LEASE))) == 0) {
            return false;
        }
        int attempt = row.imageSyncAttempts() + 1;
        try {
            connector.connect(ScopeRef.environment(row.envId()), row.platform(), row.cloudLocation(),
                    row.cloudCredentialsId()).applyImage(row.scalingGroupId(), row.imageSyncTarget());
            record(row, ImageSyncStatus.APPLIED, null, null);
        } catch (ProviderException e) {
            boolean passing = e.kind() == ProviderException.Kind.THROTTLED || e.kind() == ProviderException.Kind.UNAVAILABLE;
            if (passing && attempt < MAX_ATTEMPTS) {
                Instant next = now().plus(FIRST_BACKOFF.multipliedBy(1L << (attempt - 1)));
                record(row, ImageSyncStatus.PENDING, "Attempt " + attempt + " failed, retrying: " + e.getMessage(), next);
            } else {
                record(row, ImageSyncStatus.FAILED, e.getMessage(), null);
            }
        } catch (ConflictException | ValidationException e) {
            // No usable credentials (none stored, several, or the named ones deleted): a retry needs a change first.
            record(row, ImageSyncStatus.FAILED, e.getMessage(), null);
        }
        return true;
    }

    private void record(ImageSyncDao.SyncRow row, ImageSyncStatus status, String message, Instant nextAt) {
        String bounded = message == null || message.length() <= 1000 ? message : message.substring(0, 1000);
        jdbi.useTransaction(h -> {
            if (h.attach(ImageSyncDao.class).outcome(row.id(), row.imageSyncVersion(), status, bounded, nextAt, now()) == 1
                    && status != ImageSyncStatus.PENDING) {
                audit.record(h, SYNC, new AuditWriter.Change("farm-role.image-sync." + status.label(), "farm-role",
                        String.valueOf(row.id()), row.alias(), ScopeRef.environment(row.envId()), null,
                        Map.of("scalingGroup", row.scalingGroupId(), "cloudImageId", row.imageSyncTarget(),
                                "message", bounded == null ? "" : bounded)));
            }
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
