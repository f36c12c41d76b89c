package imagehub.image;

import imagehub.access.Access;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Where an image came from (the server an update task snapshotted, the image that server ran, the task run that
 * built it) and which images were built from it. Each part is shown only to a viewer who may see it: the server and
 * the run belong to an environment, the parent and the children are images visible from the page's scope.
 */
public final class ImageLineage {
    /** The snapshotted server: its farm and farm role (null once they are gone), in environment {@code envId}. */
    public record SourceServer(long serverId, String cloudInstanceId, long envId, Long farmId, String farmName,
            String farmRoleAlias) {
    }

    /** The update task run that built the image; {@code taskId} is null for a publish call. */
    public record Run(long executionId, Long taskId, String taskName, boolean taskDeleted, long envId, String status,
            Instant startedAt) {
        /** Whether the task still has a page to link to. */
        public boolean taskShown() {
            return taskId != null && !taskDeleted;
        }
    }

    public record Lineage(Image image, boolean fromFailedRun, SourceServer source, Image parent, Run run,
            List<Image> children) {
        public boolean built() {
            return source != null || parent != null || run != null;
        }
    }

    private record Origin(Long sourceServerId, String parentImageId, Long updateExecutionId, boolean fromFailedRun) {
    }

    private static final int MAX_CHILDREN = 50;

    private final Jdbi jdbi;
    private final Access access;
    private final ImageService images;

    public ImageLineage(Jdbi jdbi, Access access, ImageService images) {
        this.jdbi = jdbi;
        this.access = access;
        this.images = images;
    }

    public Lineage of(Viewer viewer, ScopeRef scope, String imageId) {
        Image image = images.get(viewer, scope, imageId);
        return jdbi.withHandle(h -> {
            Origin origin = h.createQuery("""
                    SELECT source_server_id, parent_image_id, update_execution_id, from_failed_run
                    FROM images WHERE id = :id""").bind("id", imageId)
                    .map(ConstructorMapper.of(Origin.class)).one();
            SourceServer source = origin.sourceServerId() == null ? null : h.createQuery("""
                    SELECT s.id AS server_id, s.cloud_instance_id, s.env_id, f.id AS farm_id, f.name AS farm_name,
                      fr.alias AS farm_role_alias
                    FROM servers s LEFT JOIN farm_roles fr ON fr.id = s.farm_role_id LEFT JOIN farms f ON f.id = s.farm_id
                    WHERE s.id = :id""").bind("id", origin.sourceServerId())
                    .map(ConstructorMapper.of(SourceServer.class)).findOne()
                    .filter(s -> access.canEnter(viewer, ScopeRef.environment(s.envId()))).orElse(null);
            Run run = origin.updateExecutionId() == null ? null : h.createQuery("""
                    SELECT e.id AS execution_id, e.task_id, t.name AS task_name, COALESCE(t.deleted, FALSE) AS task_deleted,
                      e.env_id, e.status, e.started_at
                    FROM update_task_executions e LEFT JOIN update_tasks t ON t.id = e.task_id
                    WHERE e.id = :id""").bind("id", origin.updateExecutionId())
                    .map(ConstructorMapper.of(Run.class)).findOne()
                    .filter(r -> access.canEnter(viewer, ScopeRef.environment(r.envId()))).orElse(null);
            List<String> childIds = h.createQuery("""
                    SELECT id FROM images WHERE parent_image_id = :id ORDER BY created_at, id LIMIT :limit""")
                    .bind("id", imageId).bind("limit", MAX_CHILDREN).mapTo(String.class).list();
            Image parent = origin.parentImageId() == null ? null : visible(viewer, scope, origin.parentImageId()).orElse(null);
            List<Image> children = childIds.stream().map(id -> visible(viewer, scope, id)).flatMap(Optional::stream).toList();
            return new Lineage(image, origin.fromFailedRun(), source, parent, run, children);
        });
    }

    private Optional<Image> visible(Viewer viewer, ScopeRef scope, String imageId) {
        try {
            return Optional.of(images.get(viewer, scope, imageId));
        } catch (NotFoundException outOfReach) {
            return Optional.empty();
        }
    }
}
