package imagehub.provider;

import imagehub.catalog.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What Imagehub needs from one cloud account in one region, in core terms only: images, scaling groups and their
 * instances. A provider is made by its platform's {@link CloudModule} for (credentials, region) and cached by
 * {@link Clouds}; no SDK type leaves a module. Every call is bounded in time and fails with a typed
 * {@link ProviderException}. Never call a provider inside a database transaction that holds locks (the sandbox is
 * the one exception: its cloud is Imagehub's own database, see {@link imagehub.provider.sandbox.SandboxCloud}).
 */
public interface CloudProvider {

    Platform platform();

    String region();

    /** The image as the cloud describes it; empty when the cloud does not hold it in this region. */
    Optional<CloudImage> describeImage(String cloudImageId);

    /** The images this account owns in this region (for "import from cloud"), newest first. */
    List<CloudImage> listOwnImages();

    /** Starts snapshotting an instance into a new image and returns it (usually still pending). */
    CloudImage createImageFromInstance(String instanceId, String name);

    /** Starts copying an image of {@code sourceRegion} into this region; the copy is usually still pending. */
    CloudImage copyImageFrom(String sourceRegion, String sourceImageId, String name);

    /** Deregisters the image and deletes the snapshots behind it. */
    void deleteImage(String cloudImageId);

    /**
     * Mirrors Imagehub's deprecation into the cloud: deprecated from {@code at} on, or not deprecated when null.
     * {@link ProviderException.Kind#UNSUPPORTED} where the cloud (or the endpoint) has no such notion.
     */
    void setImageDeprecation(String cloudImageId, Instant at);

    /** The scaling groups of this region (AWS Auto Scaling groups, Alibaba ESS scaling groups). */
    List<ScalingGroup> listScalingGroups();

    Optional<ScalingGroup> describeScalingGroup(String groupId);

    /**
     * Makes new instances of the group boot {@code cloudImageId}: a new launch template version made the default
     * (AWS), the active scaling configuration modified (Alibaba), the launch configuration (sandbox). Idempotent.
     */
    void applyImage(String groupId, String cloudImageId);

    /** The group's instances with the image each was launched from. */
    List<CloudInstance> groupInstances(String groupId);

    /**
     * Launches one instance in a group Imagehub scales itself (the sandbox). Groups of a real cloud scale
     * themselves: {@link ProviderException.Kind#UNSUPPORTED}.
     */
    CloudInstance launchInstance(String groupId);

    void terminateInstance(String instanceId);

    /**
     * Starts replacing the group's instances with ones booted from its current launch configuration, keeping at
     * least {@code minHealthyPercent} of the group in service (ASG instance refresh, ESS rolling update).
     */
    RollingUpdate startRollingUpdate(String groupId, int minHealthyPercent);

    RollingUpdate describeRollingUpdate(String groupId, String updateId);

    void cancelRollingUpdate(String groupId, String updateId);

    /** Tries each kind of call Imagehub makes, read-only, and says in plain words what works and what is denied. */
    List<ConnectionCheck> testConnection();

    record CloudImage(String cloudImageId, String region, String name, State state, String architecture,
            Integer sizeGb, Instant createdAt, String ownerId, String description, Instant deprecatedAt) {
        public enum State { PENDING, AVAILABLE, FAILED }

        public CloudImage withState(State state) {
            return new CloudImage(cloudImageId, region, name, state, architecture, sizeGb, createdAt, ownerId,
                    description, deprecatedAt);
        }
    }

    /** A scaling group: what it launches from ({@code cloudImageId} of its current launch configuration). */
    record ScalingGroup(String id, String name, String region, String cloudImageId, int minSize, int maxSize,
            int desiredCapacity, int instanceCount) {
    }

    record CloudInstance(String instanceId, String region, String cloudImageId, State state, Instant launchedAt) {
        public enum State { PENDING, RUNNING, TERMINATED }
    }

    record RollingUpdate(String id, Status status, int percentComplete, String message) {
        public enum Status { PENDING, IN_PROGRESS, SUCCESSFUL, FAILED, CANCELLED;

            public boolean finished() {
                return this == SUCCESSFUL || this == FAILED || this == CANCELLED;
            }
        }
    }

    /** One check of a connection test: e.g. "List images" ok, or denied with the permission it lacks. */
    record ConnectionCheck(String name, boolean ok, String message) {
    }
}
