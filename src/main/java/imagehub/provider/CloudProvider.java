package imagehub.provider;

import imagehub.catalog.Platform;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What Imagehub needs from a cloud, in core terms only: images, instances, and the launch
 * configuration of a farm role's scaling group. Each provider checks its own id formats and turns SDK
 * errors into {@link ProviderException}s; no SDK type leaves a provider package. Calls made inside a database
 * transaction run again when the transaction is retried as a deadlock victim (see {@code db.Database}): the sandbox
 * keeps its state in that transaction; a provider with side effects in a real cloud must be called outside one.
 */
public interface CloudProvider {

    Platform platform();

    /** The image as the cloud describes it; empty when the cloud does not hold it in that location. */
    Optional<CloudImage> describeImage(String location, String cloudImageId);

    /** Starts snapshotting an instance into a new image and returns it (usually still pending). */
    CloudImage createImageFromInstance(String location, String instanceId, String name);

    /** Waits until the image is available; fails with a {@link ProviderException} when it fails or times out. */
    CloudImage awaitImage(String location, String cloudImageId, Duration timeout);

    void deleteImage(String location, String cloudImageId);

    /** Sets the image a scaling group launches new instances from. */
    void applyImage(ScalingGroup group, String cloudImageId);

    /** Launches one instance in the group from its launch configuration. */
    CloudInstance launchInstance(ScalingGroup group);

    void terminateInstance(String location, String instanceId);

    /** The current state of the given instances; unknown ones are left out. */
    List<CloudInstance> describeInstances(String location, Collection<String> instanceIds);

    /** A farm role's scaling group in one location (AWS Auto Scaling group, Alibaba ESS group, sandbox group). */
    record ScalingGroup(String name, String location) {
    }

    record CloudImage(String cloudImageId, String location, String name, State state) {
        public enum State { PENDING, AVAILABLE, FAILED }
    }

    record CloudInstance(String instanceId, String location, String cloudImageId, State state) {
        public enum State { PENDING, RUNNING, TERMINATED }
    }
}
