package imagehub.provider.sandbox;

import imagehub.catalog.Platform;
import imagehub.catalog.SandboxImage;
import imagehub.provider.CloudProvider;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The sandbox cloud in one region: a local cloud kept in Imagehub's own database, so everything can be tried without
 * cloud credentials. It holds the public base images in every region plus the images created from its instances or
 * copied, which become available after a configurable delay; instances launch and terminate at once. A scaling group
 * is a farm role's launch configuration ({@code imagehub-farmrole-<id>}); Imagehub's own scaler keeps it at size.
 * Its writes join the caller's transaction (jdbi reuses the thread's open handle), so a deadlock victim run again
 * by the transaction handler repeats no cloud call; alone, each runs in its own retried transaction. This is why the
 * sandbox alone may be called inside a locked transaction.
 */
public final class SandboxCloud implements CloudProvider {
    private static final SecureRandom random = new SecureRandom();

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration imageDelay;
    private final String region;

    SandboxCloud(Jdbi jdbi, Clock clock, Duration imageDelay, String region) {
        if (!SandboxModule.REGIONS.contains(region)) {
            throw new ProviderException(Kind.INVALID, "The sandbox cloud has no region " + region + "; it has "
                    + SandboxModule.REGIONS);
        }
        this.jdbi = jdbi;
        this.clock = clock;
        this.imageDelay = imageDelay;
        this.region = region;
    }

    @Override
    public Platform platform() {
        return Platform.SANDBOX;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public Optional<CloudImage> describeImage(String cloudImageId) {
        if (SandboxImage.BASE_IMAGES.stream().anyMatch(i -> i.cloudImageId().equals(cloudImageId))) {
            SandboxImage base = SandboxImage.get(cloudImageId);
            return Optional.of(new CloudImage(cloudImageId, region, base.description(), CloudImage.State.AVAILABLE,
                    "x86_64", 8, null, "sandbox", base.description(), null));
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT cloud_image_id, name, state, created_at, available_at FROM sandbox_images
                        WHERE cloud_location = :location AND cloud_image_id = :id""")
                .bind("location", region).bind("id", cloudImageId)
                .map((rs, ctx) -> image(rs)).findOne());
    }

    @Override
    public List<CloudImage> listOwnImages() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT cloud_image_id, name, state, created_at, available_at FROM sandbox_images
                        WHERE cloud_location = :location ORDER BY created_at DESC, cloud_image_id""")
                .bind("location", region).map((rs, ctx) -> image(rs)).list());
    }

    private CloudImage image(ResultSet rs) throws SQLException {
        Instant created = rs.getTimestamp("created_at").toInstant();
        CloudImage.State state = CloudImage.State.FAILED.name().equals(rs.getString("state")) ? CloudImage.State.FAILED
                : rs.getTimestamp("available_at").toInstant().isAfter(clock.instant()) ? CloudImage.State.PENDING
                : CloudImage.State.AVAILABLE;
        return new CloudImage(rs.getString("cloud_image_id"), region, rs.getString("name"), state, "x86_64", 8,
                created, "self", null, null);
    }

    @Override
    public CloudImage createImageFromInstance(String instanceId, String name) {
        String osId = jdbi.withHandle(h -> h.createQuery("""
                        SELECT i.cloud_image_id FROM sandbox_instances i
                        WHERE i.instance_id = :id AND i.cloud_location = :location AND i.state <> :terminated""")
                .bind("id", instanceId).bind("location", region).bind("terminated", CloudInstance.State.TERMINATED)
                .mapTo(String.class).findOne())
                .map(source -> osOf(region, source))
                .orElseThrow(() -> new ProviderException(Kind.NOT_FOUND,
                        "Sandbox instance " + instanceId + " is not running in " + region));
        return insertImage(name, osId, instanceId);
    }

    @Override
    public CloudImage copyImageFrom(String sourceRegion, String sourceImageId, String name) {
        SandboxCloud source = new SandboxCloud(jdbi, clock, imageDelay, sourceRegion);
        CloudImage original = source.describeImage(sourceImageId).orElseThrow(() -> new ProviderException(Kind.NOT_FOUND,
                "Sandbox image " + sourceImageId + " does not exist in " + sourceRegion));
        if (original.state() != CloudImage.State.AVAILABLE) {
            throw new ProviderException(Kind.INVALID, "Sandbox image " + sourceImageId + " is not available yet");
        }
        return insertImage(name, osOf(sourceRegion, sourceImageId), null);
    }

    private CloudImage insertImage(String name, String osId, String sourceInstance) {
        String imageId = "sbx-" + HexFormat.of().formatHex(bytes(6));
        Instant now = clock.instant();
        jdbi.useTransaction(h -> h.createUpdate("""
                        INSERT INTO sandbox_images (cloud_location, cloud_image_id, name, os_id, state, source_instance,
                          created_at, available_at)
                        VALUES (:location, :id, :name, :os, 'CREATING', :instance, :now, :available)""")
                .bind("location", region).bind("id", imageId).bind("name", name).bind("os", osId)
                .bind("instance", sourceInstance).bind("now", now).bind("available", now.plus(imageDelay)).execute());
        return new CloudImage(imageId, region, name,
                imageDelay.isZero() ? CloudImage.State.AVAILABLE : CloudImage.State.PENDING, "x86_64", 8, now, "self",
                null, null);
    }

    @Override
    public void deleteImage(String cloudImageId) {
        if (SandboxImage.BASE_IMAGES.stream().anyMatch(i -> i.cloudImageId().equals(cloudImageId))) {
            throw new ProviderException(Kind.INVALID,
                    cloudImageId + " is a public base image of the sandbox cloud and cannot be deleted");
        }
        int deleted = jdbi.inTransaction(h -> h.createUpdate(
                        "DELETE FROM sandbox_images WHERE cloud_location = :location AND cloud_image_id = :id")
                .bind("location", region).bind("id", cloudImageId).execute());
        if (deleted == 0) {
            throw new ProviderException(Kind.NOT_FOUND, "Sandbox image " + cloudImageId + " does not exist in " + region);
        }
    }

    @Override
    public void setImageDeprecation(String cloudImageId, Instant at) {
        throw new ProviderException(Kind.UNSUPPORTED, "The sandbox cloud keeps no deprecation of its own");
    }

    @Override
    public List<ScalingGroup> listScalingGroups() {
        return jdbi.withHandle(h -> h.createQuery(GROUPS + " WHERE c.cloud_location = :location ORDER BY c.group_name")
                .bind("location", region).bind("terminated", CloudInstance.State.TERMINATED)
                .map((rs, ctx) -> group(rs)).list());
    }

    @Override
    public Optional<ScalingGroup> describeScalingGroup(String groupId) {
        return jdbi.withHandle(h -> h.createQuery(GROUPS + " WHERE c.cloud_location = :location AND c.group_name = :group")
                .bind("location", region).bind("group", groupId).bind("terminated", CloudInstance.State.TERMINATED)
                .map((rs, ctx) -> group(rs)).findOne());
    }

    private static final String GROUPS = """
            SELECT c.group_name, c.cloud_image_id,
              (SELECT COUNT(*) FROM sandbox_instances i WHERE i.group_name = c.group_name AND i.state <> :terminated) n
            FROM sandbox_launch_configs c""";

    private ScalingGroup group(ResultSet rs) throws SQLException {
        int instances = rs.getInt("n");
        return new ScalingGroup(rs.getString("group_name"), rs.getString("group_name"), region,
                rs.getString("cloud_image_id"), 0, instances, instances, instances);
    }

    @Override
    public void applyImage(String groupId, String cloudImageId) {
        CloudImage image = describeImage(cloudImageId).orElseThrow(() -> new ProviderException(Kind.NOT_FOUND,
                "Sandbox image " + cloudImageId + " does not exist in " + region));
        if (image.state() != CloudImage.State.AVAILABLE) {
            throw new ProviderException(Kind.INVALID, "Sandbox image " + cloudImageId + " is not available yet");
        }
        jdbi.useTransaction(h -> h.createUpdate("""
                        INSERT INTO sandbox_launch_configs (group_name, cloud_location, cloud_image_id, updated_at)
                        VALUES (:group, :location, :image, :now)
                        ON DUPLICATE KEY UPDATE cloud_location = VALUES(cloud_location),
                          cloud_image_id = VALUES(cloud_image_id), updated_at = VALUES(updated_at)""")
                .bind("group", groupId).bind("location", region).bind("image", cloudImageId)
                .bind("now", clock.instant()).execute());
    }

    @Override
    public List<CloudInstance> groupInstances(String groupId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT instance_id, cloud_image_id, state, launched_at FROM sandbox_instances
                        WHERE cloud_location = :location AND group_name = :group AND state <> :terminated
                        ORDER BY launched_at, instance_id""")
                .bind("location", region).bind("group", groupId).bind("terminated", CloudInstance.State.TERMINATED)
                .map((rs, ctx) -> new CloudInstance(rs.getString("instance_id"), region, rs.getString("cloud_image_id"),
                        CloudInstance.State.valueOf(rs.getString("state")), rs.getTimestamp("launched_at").toInstant()))
                .list());
    }

    @Override
    public CloudInstance launchInstance(String groupId) {
        String imageId = jdbi.withHandle(h -> h.createQuery(
                        "SELECT cloud_image_id FROM sandbox_launch_configs WHERE group_name = :group AND cloud_location = :location")
                .bind("group", groupId).bind("location", region).mapTo(String.class).findOne())
                .orElseThrow(() -> new ProviderException(Kind.NOT_FOUND,
                        "Sandbox group " + groupId + " has no launch configuration"));
        String instanceId = "i-" + HexFormat.of().formatHex(bytes(8));
        Instant now = clock.instant();
        jdbi.useTransaction(h -> h.createUpdate("""
                        INSERT INTO sandbox_instances (instance_id, cloud_location, group_name, cloud_image_id, state,
                          launched_at)
                        VALUES (:id, :location, :group, :image, :running, :now)""")
                .bind("running", CloudInstance.State.RUNNING).bind("id", instanceId).bind("location", region)
                .bind("group", groupId).bind("image", imageId).bind("now", now).execute());
        return new CloudInstance(instanceId, region, imageId, CloudInstance.State.RUNNING, now);
    }

    @Override
    public void terminateInstance(String instanceId) {
        jdbi.useTransaction(h -> h.createUpdate("""
                        UPDATE sandbox_instances SET state = :terminated, terminated_at = :now
                        WHERE instance_id = :id AND cloud_location = :location AND state <> :terminated""")
                .bind("terminated", CloudInstance.State.TERMINATED).bind("now", clock.instant()).bind("id", instanceId)
                .bind("location", region).execute());
    }

    /** Sandbox farm roles replace servers through Imagehub's own server operations, in batches. */
    @Override
    public RollingUpdate startRollingUpdate(String groupId, int minHealthyPercent) {
        throw unsupportedRolling();
    }

    @Override
    public RollingUpdate describeRollingUpdate(String groupId, String updateId) {
        throw unsupportedRolling();
    }

    @Override
    public void cancelRollingUpdate(String groupId, String updateId) {
        throw unsupportedRolling();
    }

    private static ProviderException unsupportedRolling() {
        return new ProviderException(Kind.UNSUPPORTED,
                "The sandbox cloud replaces servers through Imagehub's server operations, not a rolling update");
    }

    @Override
    public List<ConnectionCheck> testConnection() {
        return List.of(new ConnectionCheck("List images", true, "The sandbox cloud needs no credentials"));
    }

    private String osOf(String location, String cloudImageId) {
        if (SandboxImage.BASE_IMAGES.stream().anyMatch(i -> i.cloudImageId().equals(cloudImageId))) {
            return SandboxImage.get(cloudImageId).osId();
        }
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT os_id FROM sandbox_images WHERE cloud_location = :location AND cloud_image_id = :id")
                .bind("location", location).bind("id", cloudImageId).mapTo(String.class).findOne()).orElse("unknown");
    }

    private static byte[] bytes(int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }
}
