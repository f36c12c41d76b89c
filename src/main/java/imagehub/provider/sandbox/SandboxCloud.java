package imagehub.provider.sandbox;

import imagehub.catalog.Platform;
import imagehub.catalog.SandboxImage;
import imagehub.provider.CloudProvider;
import imagehub.provider.ProviderException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The sandbox cloud: a local cloud kept in Imagehub's own database, so everything can be tried without
 * cloud credentials. It holds the public base images in every location plus the images created from its
 * instances, which become available after a configurable delay; instances launch and terminate at once.
 * Its writes join the caller's transaction (jdbi reuses the thread's open handle), so a deadlock victim run again
 * by the transaction handler repeats no cloud call; alone, each runs in its own retried transaction.
 */
public final class SandboxCloud implements CloudProvider {
    public static final List<String> LOCATIONS = Platform.SANDBOX.regions();
    private static final SecureRandom random = new SecureRandom();

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration imageDelay;

    public SandboxCloud(Jdbi jdbi, Clock clock, Duration imageDelay) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.imageDelay = imageDelay;
    }

    @Override
    public Platform platform() {
        return Platform.SANDBOX;
    }

    @Override
    public Optional<CloudImage> describeImage(String location, String cloudImageId) {
        requireLocation(location);
        if (SandboxImage.BASE_IMAGES.stream().anyMatch(i -> i.cloudImageId().equals(cloudImageId))) {
            return Optional.of(new CloudImage(cloudImageId, location, SandboxImage.get(cloudImageId).description(),
                    CloudImage.State.AVAILABLE));
        }
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT name, state, available_at FROM sandbox_images
                        WHERE cloud_location = :location AND cloud_image_id = :id""")
                .bind("location", location).bind("id", cloudImageId)
                .map((rs, ctx) -> new CloudImage(cloudImageId, location, rs.getString("name"),
                        CloudImage.State.FAILED.name().equals(rs.getString("state")) ? CloudImage.State.FAILED
                                : rs.getTimestamp("available_at").toInstant().isAfter(now) ? CloudImage.State.PENDING
                                : CloudImage.State.AVAILABLE))
                .findOne());
    }

    @Override
    public CloudImage createImageFromInstance(String location, String instanceId, String name) {
        requireLocation(location);
        String osId = jdbi.withHandle(h -> h.createQuery("""
                        SELECT i.cloud_image_id FROM sandbox_instances i
                        WHERE i.instance_id = :id AND i.cloud_location = :location AND i.state <> :terminated""")
                .bind("id", instanceId).bind("location", location).bind("terminated", CloudInstance.State.TERMINATED).mapTo(String.class).findOne())
                .map(source -> osOf(location, source))
                .orElseThrow(() -> new ProviderException("Sandbox instance " + instanceId + " is not running in " + location));
        String imageId = "sbx-" + HexFormat.of().formatHex(bytes(6));
        Instant now = clock.instant();
        jdbi.useTransaction(h -> h.createUpdate("""
                        INSERT INTO sandbox_images (cloud_location, cloud_image_id, name, os_id, state, source_instance,
                          created_at, available_at)
                        VALUES (:location, :id, :name, :os, 'CREATING', :instance, :now, :available)""")
                .bind("location", location).bind("id", imageId).bind("name", name).bind("os", osId)
                .bind("instance", instanceId).bind("now", now).bind("available", now.plus(imageDelay)).execute());
        return new CloudImage(imageId, location, name, imageDelay.isZero() ? CloudImage.State.AVAILABLE : CloudImage.State.PENDING);
    }

    @Override
    public CloudImage awaitImage(String location, String cloudImageId, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            CloudImage image = describeImage(location, cloudImageId)
                    .orElseThrow(() -> new ProviderException("Sandbox image " + cloudImageId + " does not exist in " + location));
            switch (image.state()) {
                case AVAILABLE:
                    return image;
                case FAILED:
                    throw new ProviderException("Sandbox image " + cloudImageId + " failed");
                default:
                    if (clock.instant().isAfter(deadline)) {
                        throw new ProviderException("Sandbox image " + cloudImageId + " was not available within " + timeout);
                    }
                    sleep(Duration.ofMillis(200));
            }
        }
    }

    @Override
    public void deleteImage(String location, String cloudImageId) {
        requireLocation(location);
        if (SandboxImage.BASE_IMAGES.stream().anyMatch(i -> i.cloudImageId().equals(cloudImageId))) {
            throw new ProviderException(cloudImageId + " is a public base image of the sandbox cloud and cannot be deleted");
        }
        int deleted = jdbi.inTransaction(h -> h.createUpdate(
                        "DELETE FROM sandbox_images WHERE cloud_location = :location AND cloud_image_id = :id")
                .bind("location", location).bind("id", cloudImageId).execute());
        if (deleted == 0) {
            throw new ProviderException("Sandbox image " + cloudImageId + " does not exist in " + location);
        }
    }

    @Override
    public void applyImage(ScalingGroup group, String cloudImageId) {
        CloudImage image = describeImage(group.location(), cloudImageId)
                .orElseThrow(() -> new ProviderException("Sandbox image " + cloudImageId + " does not exist in " + group.location()));
        if (image.state() != CloudImage.State.AVAILABLE) {
            throw new ProviderException("Sandbox image " + cloudImageId + " is not available yet");
        }
        jdbi.useTransaction(h -> h.createUpdate("""
                        INSERT INTO sandbox_launch_configs (group_name, cloud_location, cloud_image_id, updated_at)
                        VALUES (:group, :location, :image, :now)
                        ON DUPLICATE KEY UPDATE cloud_location = VALUES(cloud_location),
                          cloud_image_id = VALUES(cloud_image_id), updated_at = VALUES(updated_at)""")
                .bind("group", group.name()).bind("location", group.location()).bind("image", cloudImageId)
                .bind("now", clock.instant()).execute());
    }

    @Override
    public CloudInstance launchInstance(ScalingGroup group) {
        requireLocation(group.location());
        String imageId = jdbi.withHandle(h -> h.createQuery(
                        "SELECT cloud_image_id FROM sandbox_launch_configs WHERE group_name = :group AND cloud_location = :location")
                .bind("group", group.name()).bind("location", group.location()).mapTo(String.class).findOne())
                .orElseThrow(() -> new ProviderException("Sandbox group " + group.name() + " has no launch configuration"));
        String instanceId = "i-" + HexFormat.of().formatHex(bytes(8));
        jdbi.useTransaction(h -> h.createUpdate("""
                        INSERT INTO sandbox_instances (instance_id, cloud_location, cloud_image_id, state, launched_at)
                        VALUES (:id, :location, :image, :running, :now)""")
                .bind("running", CloudInstance.State.RUNNING).bind("id", instanceId).bind("location", group.location()).bind("image", imageId)
                .bind("now", clock.instant()).execute());
        return new CloudInstance(instanceId, group.location(), imageId, CloudInstance.State.RUNNING);
    }

    @Override
    public void terminateInstance(String location, String instanceId) {
        jdbi.useTransaction(h -> h.createUpdate("""
                        UPDATE sandbox_instances SET state = :terminated, terminated_at = :now
                        WHERE instance_id = :id AND cloud_location = :location AND state <> :terminated""")
                .bind("terminated", CloudInstance.State.TERMINATED).bind("now", clock.instant()).bind("id", instanceId).bind("location", location).execute());
    }

    @Override
    public List<CloudInstance> describeInstances(String location, Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT instance_id, cloud_image_id, state FROM sandbox_instances
                        WHERE cloud_location = :location AND instance_id IN (<ids>)""")
                .bind("location", location).bindList("ids", List.copyOf(instanceIds))
                .map((rs, ctx) -> new CloudInstance(rs.getString(1), location, rs.getString(2),
                        CloudInstance.State.valueOf(rs.getString(3))))
                .list());
    }

    private String osOf(String location, String cloudImageId) {
        if (SandboxImage.BASE_IMAGES.stream().anyMatch(i -> i.cloudImageId().equals(cloudImageId))) {
            return SandboxImage.get(cloudImageId).osId();
        }
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT os_id FROM sandbox_images WHERE cloud_location = :location AND cloud_image_id = :id")
                .bind("location", location).bind("id", cloudImageId).mapTo(String.class).findOne()).orElse("unknown");
    }

    private static void requireLocation(String location) {
        if (!LOCATIONS.contains(location)) {
            throw new ProviderException("The sandbox cloud has no location " + location + "; it has " + LOCATIONS);
        }
    }

    private static byte[] bytes(int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for the sandbox cloud", e);
        }
    }
}
