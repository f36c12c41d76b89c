package imagehub.provider.ec2;

import imagehub.catalog.Platform;
import imagehub.provider.CloudProvider;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplate;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One AWS account (its credentials, or a role they assume) in one region, on the AWS SDK for Java v2. Thread-safe:
 * the SDK clients are, and the provider keeps no other state. Every call is bounded by the clients' timeouts and
 * retried by the SDK's standard retry strategy (throttling backed off); every SDK error is translated by
 * {@link Ec2Errors}.
 */
final class Ec2Provider implements CloudProvider {
    /** AWS accepts at most 200 values per filter. */
    private static final int FILTER_VALUES = 200;
    private static final String DEFAULT_VERSION = "$Default";
    private static final String LATEST_VERSION = "$Latest";

    private final String region;
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final StsClient sts;
    private final Clock clock;

    Ec2Provider(String region, Ec2Client ec2, AutoScalingClient autoScaling, StsClient sts, Clock clock) {
        this.region = region;
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
        this.sts = sts;
        this.clock = clock;
    }

    @Override
    public Platform platform() {
        return Platform.EC2;
    }

    @Override
    public String region() {
        return region;
    }

    // ---- images

    @Override
    public Optional<CloudImage> describeImage(String cloudImageId) {
        try {
            return ec2("DescribeImages", () -> ec2.describeImages(request -> request.imageIds(cloudImageId)))
                    .images().stream().findFirst().map(this::image);
        } catch (ProviderException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<CloudImage> listOwnImages() {
        return ec2("DescribeImages", () -> ec2.describeImagesPaginator(request -> request.owners("self"))
                .images().stream().map(this::image)
                .sorted(Comparator.comparing(CloudImage::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList());
    }

    @Override
    public CloudImage createImageFromInstance(String instanceId, String name) {
        String imageId = ec2("CreateImage", () -> ec2.createImage(request -> request.instanceId(instanceId).name(name)
                .description("Created by Imagehub from " + instanceId))).imageId();
        return describedOrPending(imageId, name);
    }

    @Override
    public CloudImage copyImageFrom(String sourceRegion, String sourceImageId, String name) {
        String imageId = ec2("CopyImage", () -> ec2.copyImage(request -> request.sourceRegion(sourceRegion)
                .sourceImageId(sourceImageId).name(name)
                .description("Copied by Imagehub from " + sourceImageId + " in " + sourceRegion))).imageId();
        return describedOrPending(imageId, name);
    }

    /** A new image as AWS describes it; AWS may not list it for a moment (eventual consistency): pending then. */
    private CloudImage describedOrPending(String imageId, String name) {
        return describeImage(imageId).orElseGet(() -> new CloudImage(imageId, region, name, CloudImage.State.PENDING,
                null, null, null, null, null, null));
    }

    @Override
    public void deleteImage(String cloudImageId) {
        Image image = ec2("DescribeImages", () -> ec2.describeImages(request -> request.imageIds(cloudImageId)))
                .images().stream().findFirst().orElseThrow(() -> missingImage(cloudImageId));
        List<String> snapshots = image.blockDeviceMappings().stream()
                .filter(mapping -> mapping.ebs() != null && mapping.ebs().snapshotId() != null)
                .map(mapping -> mapping.ebs().snapshotId())
                .toList();
        ec2("DeregisterImage", () -> ec2.deregisterImage(request -> request.imageId(cloudImageId)));
        for (String snapshotId : snapshots) {
            try {
                ec2("DeleteSnapshot", () -> ec2.deleteSnapshot(request -> request.snapshotId(snapshotId)));
            } catch (ProviderException e) {
                if (e.kind() != Kind.NOT_FOUND) { // gone already is what we want
                    throw e;
                }
            }
        }
    }

    @Override
    public void setImageDeprecation(String cloudImageId, Instant at) {
        if (at == null) {
            ec2("DisableImageDeprecation", () -> ec2.disableImageDeprecation(request -> request.imageId(cloudImageId)));
            return;
        }
        // AWS refuses a deprecation time in the past and rounds to the minute: "now" becomes the next minute.
        Instant earliest = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant deprecateAt = at.isBefore(earliest) ? earliest : at;
        ec2("EnableImageDeprecation", () -> ec2.enableImageDeprecation(request -> request.imageId(cloudImageId)
                .deprecateAt(deprecateAt)));
    }

    private CloudImage image(Image image) {
        return new CloudImage(image.imageId(), region, image.name(), imageState(image.stateAsString()),
                image.architectureAsString(), rootVolumeSize(image), instant(image.creationDate()), image.ownerId(),
                image.description(), instant(image.deprecationTime()));
    }

    private static CloudImage.State imageState(String state) {
        return switch (state == null ? "" : state) {
            case "pending" -> CloudImage.State.PENDING;
            case "available" -> CloudImage.State.AVAILABLE;
            default -> CloudImage.State.FAILED; // failed, invalid, error, deregistered, disabled, transient
        };
    }

    /** The size of the root device's snapshot, else of the first EBS volume; null for instance-store images. */
    private static Integer rootVolumeSize(Image image) {
        List<BlockDeviceMapping> ebs = image.blockDeviceMappings().stream().filter(mapping -> mapping.ebs() != null)
                .toList();
        return ebs.stream().filter(mapping -> Objects.equals(mapping.deviceName(), image.rootDeviceName()))
                .findFirst().or(() -> ebs.stream().findFirst())
                .map(mapping -> mapping.ebs().volumeSize()).orElse(null);
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private ProviderException missingImage(String cloudImageId) {
        return new ProviderException(Kind.NOT_FOUND, "AMI " + cloudImageId + " does not exist in " + region);
    }

    // ---- scaling groups

    @Override
    public List<ScalingGroup> listScalingGroups() {
        List<AutoScalingGroup> groups = autoScaling("DescribeAutoScalingGroups",
                () -> autoScaling.describeAutoScalingGroupsPaginator(request -> { }).autoScalingGroups().stream()
                        .toList());
        Map<String, String> images = launchImages(groups);
        return groups.stream().map(group -> scalingGroup(group, images.get(group.autoScalingGroupName())))
                .sorted(Comparator.comparing(ScalingGroup::name)).toList();
    }

    @Override
    public Optional<ScalingGroup> describeScalingGroup(String groupId) {
        return findGroup(groupId).map(group -> scalingGroup(group,
                launchImages(List.of(group)).get(group.autoScalingGroupName())));
    }

    private ScalingGroup scalingGroup(AutoScalingGroup group, String imageId) {
        return new ScalingGroup(group.autoScalingGroupName(), group.autoScalingGroupName(), region, imageId,
                group.minSize(), group.maxSize(), group.desiredCapacity(), group.instances().size());
    }

    private Optional<AutoScalingGroup> findGroup(String groupId) {
        return autoScaling("DescribeAutoScalingGroups", () -> autoScaling.describeAutoScalingGroups(request -> request
                .autoScalingGroupNames(groupId))).autoScalingGroups().stream().findFirst();
    }

    private AutoScalingGroup group(String groupId) {
        return findGroup(groupId).orElseThrow(() -> new ProviderException(Kind.NOT_FOUND,
                "Auto Scaling group " + groupId + " does not exist in " + region));
    }

    /**
     * The AMI each group launches, by group name: one DescribeLaunchTemplateVersions per launch template and one
     * DescribeLaunchConfigurations for all legacy groups, whatever the number of groups.
     */
    private Map<String, String> launchImages(List<AutoScalingGroup> groups) {
        Map<String, String> images = new HashMap<>();
        Map<String, List<AutoScalingGroup>> byTemplate = new HashMap<>();
        Map<String, List<AutoScalingGroup>> byConfiguration = new HashMap<>();
        for (AutoScalingGroup group : groups) {
            LaunchTemplateSpecification template = templateOf(group);
            if (template != null) {
                byTemplate.computeIfAbsent(templateKey(template), key -> new ArrayList<>()).add(group);
            } else if (group.launchConfigurationName() != null) {
                byConfiguration.computeIfAbsent(group.launchConfigurationName(), key -> new ArrayList<>()).add(group);
            }
        }
        for (List<AutoScalingGroup> sharing : byTemplate.values()) {
            List<String> versions = sharing.stream().map(group -> versionOf(templateOf(group))).distinct().toList();
            List<LaunchTemplateVersion> described = describeVersions(templateOf(sharing.get(0)), versions);
            for (AutoScalingGroup group : sharing) {
                pick(described, versionOf(templateOf(group)))
                        .ifPresent(version -> images.put(group.autoScalingGroupName(),
                                version.launchTemplateData().imageId()));
            }
        }
        List<String> names = new ArrayList<>(byConfiguration.keySet());
        for (int from = 0; from < names.size(); from += 50) { // at most 50 names per call
            List<String> chunk = names.subList(from, Math.min(from + 50, names.size()));
            for (LaunchConfiguration configuration : autoScaling("DescribeLaunchConfigurations",
                    () -> autoScaling.describeLaunchConfigurations(request -> request.launchConfigurationNames(chunk)))
                    .launchConfigurations()) {
                byConfiguration.getOrDefault(configuration.launchConfigurationName(), List.of())
                        .forEach(group -> images.put(group.autoScalingGroupName(), configuration.imageId()));
            }
        }
        return images;
    }

    /** The launch template a group uses, directly or through a mixed instances policy; null on a launch configuration. */
    private static LaunchTemplateSpecification templateOf(AutoScalingGroup group) {
        if (group.launchTemplate() != null) {
            return group.launchTemplate();
        }
        MixedInstancesPolicy mixed = group.mixedInstancesPolicy();
        if (mixed != null && mixed.launchTemplate() != null) {
            return mixed.launchTemplate().launchTemplateSpecification();
        }
        return null;
    }

    private static String templateKey(LaunchTemplateSpecification template) {
        return template.launchTemplateId() != null ? "id:" + template.launchTemplateId()
                : "name:" + template.launchTemplateName();
    }

    /** The version a group launches: a number, $Latest or $Default (AWS's default when none is given). */
    private static String versionOf(LaunchTemplateSpecification template) {
        return template.version() == null || template.version().isBlank() ? DEFAULT_VERSION : template.version();
    }

    private static boolean pinsNumber(String version) {
        return !version.equals(DEFAULT_VERSION) && !version.equals(LATEST_VERSION);
    }

    /** {@code version} among the versions described for it (and maybe others): $Latest is the highest number. */
    private static Optional<LaunchTemplateVersion> pick(List<LaunchTemplateVersion> described, String version) {
        return switch (version) {
            case DEFAULT_VERSION -> described.stream().filter(candidate -> Boolean.TRUE.equals(candidate.defaultVersion()))
                    .findFirst();
            case LATEST_VERSION -> described.stream().max(Comparator.comparing(LaunchTemplateVersion::versionNumber));
            default -> described.stream().filter(candidate -> String.valueOf(candidate.versionNumber()).equals(version))
                    .findFirst();
        };
    }

    private List<LaunchTemplateVersion> describeVersions(LaunchTemplateSpecification template, List<String> versions) {
        return ec2("DescribeLaunchTemplateVersions", () -> ec2.describeLaunchTemplateVersions(request -> {
            if (template.launchTemplateId() != null) {
                request.launchTemplateId(template.launchTemplateId());
            } else {
                request.launchTemplateName(template.launchTemplateName());
            }
            request.versions(versions);
        })).launchTemplateVersions();
    }

    @Override
    public void applyImage(String groupId, String cloudImageId) {
        CloudImage image = describeImage(cloudImageId).orElseThrow(() -> missingImage(cloudImageId));
        if (image.state() != CloudImage.State.AVAILABLE) {
            throw new ProviderException(Kind.INVALID, "AMI " + cloudImageId + " in " + region + " is not available ("
                    + image.state().name().toLowerCase() + ")");
        }
        AutoScalingGroup group = group(groupId);
        LaunchTemplateSpecification template = templateOf(group);
        if (template != null) {
            applyToTemplate(group, template, cloudImageId);
        } else if (group.launchConfigurationName() != null) {
            applyToConfiguration(group, cloudImageId);
        } else {
            throw new ProviderException(Kind.INVALID, "Auto Scaling group " + groupId
                    + " has neither a launch template nor a launch configuration");
        }
    }

    /**
     * A new launch template version copied from the one the group uses, with the image, made the default; a group
     * pinned to a numbered version is moved to the new one. Nothing when the group already launches the image.
     */
    private void applyToTemplate(AutoScalingGroup group, LaunchTemplateSpecification template, String cloudImageId) {
        String version = versionOf(template);
        LaunchTemplateVersion current = pick(describeVersions(template, List.of(version)), version)
                .orElseThrow(() -> new ProviderException(Kind.NOT_FOUND, "Launch template version " + version
                        + " of Auto Scaling group " + group.autoScalingGroupName() + " does not exist in " + region));
        if (cloudImageId.equals(current.launchTemplateData().imageId())) {
            return;
        }
        String templateId = current.launchTemplateId();
        Long created = ec2("CreateLaunchTemplateVersion", () -> ec2.createLaunchTemplateVersion(request -> request
                .launchTemplateId(templateId)
                .sourceVersion(String.valueOf(current.versionNumber()))
                .versionDescription("Imagehub: " + cloudImageId)
                .launchTemplateData(RequestLaunchTemplateData.builder().imageId(cloudImageId).build())))
                .launchTemplateVersion().versionNumber();
        ec2("ModifyLaunchTemplate", () -> ec2.modifyLaunchTemplate(request -> request.launchTemplateId(templateId)
                .defaultVersion(String.valueOf(created))));
        if (pinsNumber(version)) {
            LaunchTemplateSpecification moved = LaunchTemplateSpecification.builder().launchTemplateId(templateId)
                    .version(String.valueOf(created)).build();
            autoScaling("UpdateAutoScalingGroup", () -> autoScaling.updateAutoScalingGroup(request -> {
                request.autoScalingGroupName(group.autoScalingGroupName());
                if (group.launchTemplate() != null) {
                    request.launchTemplate(moved);
                } else {
                    request.mixedInstancesPolicy(MixedInstancesPolicy.builder().launchTemplate(LaunchTemplate.builder()
                            .launchTemplateSpecification(moved).build()).build());
                }
            }));
        }
    }

    /**
     * Launch configurations cannot change: a copy with the image, named after the group and the image, replaces the
     * group's; the previous copy Imagehub made for the group is deleted (one it did not make is left alone).
     */
    private void applyToConfiguration(AutoScalingGroup group, String cloudImageId) {
        String groupName = group.autoScalingGroupName();
        LaunchConfiguration current = autoScaling("DescribeLaunchConfigurations",
                () -> autoScaling.describeLaunchConfigurations(request -> request
                        .launchConfigurationNames(group.launchConfigurationName())))
                .launchConfigurations().stream().findFirst()
                .orElseThrow(() -> new ProviderException(Kind.NOT_FOUND, "Launch configuration "
                        + group.launchConfigurationName() + " of Auto Scaling group " + groupName
                        + " does not exist in " + region));
        if (cloudImageId.equals(current.imageId())) {
            return;
        }
        String prefix = groupName + "-imagehub-";
        String name = prefix + cloudImageId;
        boolean exists = !autoScaling("DescribeLaunchConfigurations", () -> autoScaling.describeLaunchConfigurations(
                request -> request.launchConfigurationNames(name))).launchConfigurations().isEmpty();
        if (!exists) {
            autoScaling("CreateLaunchConfiguration", () -> autoScaling.createLaunchConfiguration(request -> request
                    .launchConfigurationName(name)
                    .imageId(cloudImageId)
                    .instanceType(current.instanceType())
                    .keyName(blankToNull(current.keyName()))
                    .securityGroups(current.securityGroups())
                    .userData(blankToNull(current.userData()))
                    .kernelId(blankToNull(current.kernelId()))
                    .ramdiskId(blankToNull(current.ramdiskId()))
                    .blockDeviceMappings(current.blockDeviceMappings())
                    .instanceMonitoring(current.instanceMonitoring())
                    .spotPrice(current.spotPrice())
                    .iamInstanceProfile(current.iamInstanceProfile())
                    .ebsOptimized(current.ebsOptimized())
                    .associatePublicIpAddress(current.associatePublicIpAddress())
                    .placementTenancy(current.placementTenancy())
                    .metadataOptions(current.metadataOptions())));
        }
        autoScaling("UpdateAutoScalingGroup", () -> autoScaling.updateAutoScalingGroup(request -> request
                .autoScalingGroupName(groupName).launchConfigurationName(name)));
        if (current.launchConfigurationName().startsWith(prefix)) {
            try {
                autoScaling("DeleteLaunchConfiguration", () -> autoScaling.deleteLaunchConfiguration(request -> request
                        .launchConfigurationName(current.launchConfigurationName())));
            } catch (ProviderException e) {
                if (e.kind() != Kind.INVALID && e.kind() != Kind.NOT_FOUND) { // still used by another group, or gone
                    throw e;
                }
            }
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    @Override
    public List<CloudInstance> groupInstances(String groupId) {
        AutoScalingGroup group = group(groupId);
        List<String> ids = group.instances().stream()
                .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId).toList();
        List<CloudInstance> instances = new ArrayList<>();
        // A filter, not InstanceIds: an instance that vanished since the group listed it must not fail the call.
        for (int from = 0; from < ids.size(); from += FILTER_VALUES) {
            List<String> chunk = ids.subList(from, Math.min(from + FILTER_VALUES, ids.size()));
            ec2("DescribeInstances", () -> ec2.describeInstancesPaginator(request -> request
                    .filters(Filter.builder().name("instance-id").values(chunk).build()))
                    .reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList())
                    .stream().map(this::instance).filter(instance -> instance.state() != CloudInstance.State.TERMINATED)
                    .forEach(instances::add);
        }
        instances.sort(Comparator.comparing(CloudInstance::launchedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(CloudInstance::instanceId));
        return instances;
    }

    private CloudInstance instance(Instance instance) {
        String state = instance.state() == null ? "" : instance.state().nameAsString();
        CloudInstance.State mapped = switch (state) {
            case "pending" -> CloudInstance.State.PENDING;
            case "running" -> CloudInstance.State.RUNNING;
            default -> CloudInstance.State.TERMINATED; // shutting-down, terminated, stopping, stopped: not serving
        };
        return new CloudInstance(instance.instanceId(), region, instance.imageId(), mapped, instance.launchTime());
    }

    @Override
    public CloudInstance launchInstance(String groupId) {
        throw new ProviderException(Kind.UNSUPPORTED,
                "Auto Scaling groups launch their own instances; Imagehub does not launch single instances on AWS");
    }

    /** In a group, the group replaces it (its desired capacity stays); outside any group, it is just terminated. */
    @Override
    public void terminateInstance(String instanceId) {
        boolean inGroup = !autoScaling("DescribeAutoScalingInstances", () -> autoScaling.describeAutoScalingInstances(
                request -> request.instanceIds(instanceId))).autoScalingInstances().isEmpty();
        if (inGroup) {
            autoScaling("TerminateInstanceInAutoScalingGroup", () -> autoScaling.terminateInstanceInAutoScalingGroup(
                    request -> request.instanceId(instanceId).shouldDecrementDesiredCapacity(false)));
        } else {
            ec2("TerminateInstances", () -> ec2.terminateInstances(request -> request.instanceIds(instanceId)));
        }
    }

    // ---- instance refresh

    @Override
    public RollingUpdate startRollingUpdate(String groupId, int minHealthyPercent) {
        if (minHealthyPercent < 0 || minHealthyPercent > 100) {
            throw new ProviderException(Kind.INVALID, "The minimum healthy percentage must be 0 to 100, not "
                    + minHealthyPercent);
        }
        String groupName = group(groupId).autoScalingGroupName();
        String refreshId = autoScaling("StartInstanceRefresh", () -> autoScaling.startInstanceRefresh(request -> request
                .autoScalingGroupName(groupName)
                .preferences(preferences -> preferences.minHealthyPercentage(minHealthyPercent))))
                .instanceRefreshId();
        return new RollingUpdate(refreshId, RollingUpdate.Status.PENDING, 0, "Instance refresh started");
    }

    @Override
    public RollingUpdate describeRollingUpdate(String groupId, String updateId) {
        InstanceRefresh refresh = autoScaling("DescribeInstanceRefreshes", () -> autoScaling.describeInstanceRefreshes(
                request -> request.autoScalingGroupName(groupId).instanceRefreshIds(updateId)))
                .instanceRefreshes().stream().filter(candidate -> updateId.equals(candidate.instanceRefreshId()))
                .findFirst().orElseThrow(() -> new ProviderException(Kind.NOT_FOUND, "Instance refresh " + updateId
                        + " of Auto Scaling group " + groupId + " does not exist in " + region));
        String status = refresh.statusAsString() == null ? "" : refresh.statusAsString();
        RollingUpdate.Status mapped = switch (status) {
            case "Pending" -> RollingUpdate.Status.PENDING;
            case "Successful" -> RollingUpdate.Status.SUCCESSFUL;
            case "Failed", "RollbackFailed" -> RollingUpdate.Status.FAILED;
            case "Cancelled", "RollbackSuccessful" -> RollingUpdate.Status.CANCELLED;
            default -> RollingUpdate.Status.IN_PROGRESS; // InProgress, Cancelling, RollbackInProgress, Baking
        };
        int percent = refresh.percentageComplete() == null ? 0 : refresh.percentageComplete();
        String message = refresh.statusReason() == null || refresh.statusReason().isBlank() ? status
                : refresh.statusReason();
        return new RollingUpdate(refresh.instanceRefreshId(), mapped, percent, message);
    }

    /** Cancels the refresh if it still runs; one that finished (or finishes meanwhile) is left as it ended. */
    @Override
    public void cancelRollingUpdate(String groupId, String updateId) {
        if (describeRollingUpdate(groupId, updateId).status().finished()) {
            return;
        }
        try {
            autoScaling("CancelInstanceRefresh", () -> autoScaling.cancelInstanceRefresh(request -> request
                    .autoScalingGroupName(groupId)));
        } catch (ProviderException e) {
            if (e.kind() != Kind.NOT_FOUND) { // ActiveInstanceRefreshNotFound: it finished meanwhile
                throw e;
            }
        }
    }

    // ---- connection test

    @Override
    public List<ConnectionCheck> testConnection() {
        List<ConnectionCheck> checks = new ArrayList<>();
        ProviderException identityError = null;
        try {
            String arn = call("sts", "GetCallerIdentity", () -> sts.getCallerIdentity()).arn();
            checks.add(new ConnectionCheck("Credentials", true, "Credentials accepted as " + arn));
        } catch (ProviderException e) {
            identityError = e;
            checks.add(new ConnectionCheck("Credentials", false, e.getMessage()));
        }
        boolean hopeless = identityError != null && (identityError.kind() == Kind.AUTH_FAILED
                || identityError.kind() == Kind.UNAVAILABLE);
        checks.add(check(hopeless, "List images", "ec2:DescribeImages",
                () -> ec2("DescribeImages", () -> ec2.describeImages(request -> request.owners("self")))));
        checks.add(check(hopeless, "List instances", "ec2:DescribeInstances",
                () -> ec2("DescribeInstances", () -> ec2.describeInstances(request -> request.maxResults(5)))));
        checks.add(check(hopeless, "List scaling groups", "autoscaling:DescribeAutoScalingGroups",
                () -> autoScaling("DescribeAutoScalingGroups", () -> autoScaling.describeAutoScalingGroups(request ->
                        request.maxRecords(1)))));
        checks.add(check(hopeless, "List launch templates", "ec2:DescribeLaunchTemplates",
                () -> ec2("DescribeLaunchTemplates", () -> ec2.describeLaunchTemplates(request -> request
                        .maxResults(5)))));
        return checks;
    }

    private static ConnectionCheck check(boolean hopeless, String name, String permission, Runnable call) {
        if (hopeless) {
            return new ConnectionCheck(name, false, "Not tried: the credentials did not work");
        }
        try {
            call.run();
            return new ConnectionCheck(name, true, permission + " is allowed");
        } catch (ProviderException e) {
            return new ConnectionCheck(name, false, e.getMessage());
        }
    }

    // ---- calls

    private <T> T ec2(String action, Supplier<T> call) {
        return call("ec2", action, call);
    }

    private <T> T autoScaling(String action, Supplier<T> call) {
        return call("autoscaling", action, call);
    }

    private <T> T call(String service, String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw Ec2Errors.translate(service, action, region, e);
        }
    }
}
