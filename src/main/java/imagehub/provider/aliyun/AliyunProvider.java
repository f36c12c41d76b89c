package imagehub.provider.aliyun;

import com.aliyun.ecs20140526.Client;
import com.aliyun.ecs20140526.models.CopyImageRequest;
import com.aliyun.ecs20140526.models.CreateImageRequest;
import com.aliyun.ecs20140526.models.DeleteImageRequest;
import com.aliyun.ecs20140526.models.DeleteInstanceRequest;
import com.aliyun.ecs20140526.models.DeleteSnapshotRequest;
import com.aliyun.ecs20140526.models.DescribeImagesRequest;
import com.aliyun.ecs20140526.models.DescribeImagesResponseBody;
import com.aliyun.ecs20140526.models.DescribeImagesResponseBody.DescribeImagesResponseBodyImagesImage;
import com.aliyun.ecs20140526.models.DescribeInstancesRequest;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody.DescribeInstancesResponseBodyInstancesInstance;
import com.aliyun.ecs20140526.models.DescribeRegionsRequest;
import com.aliyun.ecs20140526.models.ModifyImageAttributeRequest;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import imagehub.catalog.Platform;
import imagehub.provider.CloudProvider;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Alibaba Cloud in one region: ECS through the V2 SDK client, ESS (API 2014-08-28, which has no V2 SDK here)
 * through tea-openapi's generic RPC call with the same configuration, so both sign the same way (ACS3-HMAC-SHA256).
 *
 * <p>Every call goes through {@link #call}: a bounded connect and read timeout (set on the clients), throttling
 * answered by a few retries with exponential backoff (the SDK's own retry covers only network errors, which are
 * not retried here because a create or copy may have happened), and one error translation ({@link AliyunErrors}).
 * Responses are validated: the SDK turns missing fields into nulls without complaint.
 *
 * <p>Scaling groups: a farm role's image goes into the group's <em>active scaling configuration</em>
 * (ModifyScalingConfiguration, skipped when it already holds the image). Groups that launch from an ECS launch
 * template instead are refused with a clear message. Rolling updates use ESS instance refresh
 * (StartInstanceRefresh / DescribeInstanceRefreshes / CancelInstanceRefresh): the update id is ESS's
 * InstanceRefreshTaskId, the desired image is the one in the active configuration, and ESS keeps at least the
 * given percentage of the group in service. Deprecation maps to the image status Deprecated / Available
 * (ModifyImageAttribute); Alibaba has no scheduled deprecation, so a date in the future is unsupported.
 */
final class AliyunProvider implements CloudProvider {
    private static final String ESS_VERSION = "2014-08-28";
    /** Every status, so images being created or copied are found too (DescribeImages defaults to Available). */
    private static final String ANY_IMAGE_STATUS = "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated";
    private static final int IMAGE_PAGE = 100;
    private static final int INSTANCE_BATCH = 100;
    private static final int ESS_PAGE = 50;
    private static final int CONFIGURATION_BATCH = 10;
    private static final int MAX_PAGES = 50;

    private final String region;
    private final Function<String, Client> ecsIn;
    private final com.aliyun.teaopenapi.Client ess;
    private final RuntimeOptions runtime;
    private final Settings settings;

    /** How long to wait and how often to retry throttled calls. */
    record Settings(int timeoutSeconds, int throttleAttempts, long backoffMillis) {
    }

    AliyunProvider(String region, Function<String, Client> ecsIn, com.aliyun.teaopenapi.Client ess,
            RuntimeOptions runtime, Settings settings) {
        this.region = region;
        this.ecsIn = ecsIn;
        this.ess = ess;
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public Platform platform() {
        return Platform.ALIYUN;
    }

    @Override
    public String region() {
        return region;
    }

    private Client ecs() {
        return ecsIn.apply(region);
    }

    // ---- images

    @Override
    public Optional<CloudImage> describeImage(String cloudImageId) {
        return rawImage(cloudImageId).map(this::image);
    }

    @Override
    public List<CloudImage> listOwnImages() {
        List<CloudImage> images = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            DescribeImagesRequest request = new DescribeImagesRequest().setRegionId(region).setImageOwnerAlias("self")
                    .setStatus(ANY_IMAGE_STATUS).setPageSize(IMAGE_PAGE).setPageNumber(page);
            DescribeImagesResponseBody body = call("ecs:DescribeImages",
                    () -> ecs().describeImagesWithOptions(request, runtime).getBody());
            List<DescribeImagesResponseBodyImagesImage> found = images(body, "DescribeImages");
            found.stream().map(this::image).forEach(images::add);
            int total = body.getTotalCount() == null ? 0 : body.getTotalCount();
            if (found.size() < IMAGE_PAGE || images.size() >= total) {
                break;
            }
        }
        images.sort(Comparator.comparing(CloudImage::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(CloudImage::cloudImageId));
        return images;
    }

    @Override
    public CloudImage createImageFromInstance(String instanceId, String name) {
        // The same request gets the same client token, so a call repeated after a crash does not make a second image.
        String token = UUID.nameUUIDFromBytes(("CreateImage\n" + region + "\n" + instanceId + "\n" + name)
                .getBytes(StandardCharsets.UTF_8)).toString();
        CreateImageRequest request = new CreateImageRequest().setRegionId(region).setInstanceId(instanceId)
                .setImageName(name).setClientToken(token);
        String imageId = call("ecs:CreateImage",
                () -> required(ecs().createImageWithOptions(request, runtime).getBody(), "CreateImage").getImageId());
        return started(imageId, "CreateImage");
    }

    @Override
    public CloudImage copyImageFrom(String sourceRegion, String sourceImageId, String name) {
        if (!AliyunModule.REGIONS.contains(sourceRegion)) {
            throw new ProviderException(Kind.INVALID, "Alibaba Cloud has no region " + sourceRegion);
        }
        // CopyImage is asked of the source region and names this one as the destination.
        CopyImageRequest request = new CopyImageRequest().setRegionId(sourceRegion).setImageId(sourceImageId)
                .setDestinationRegionId(region).setDestinationImageName(name);
        String imageId = call("ecs:CopyImage", () -> required(
                ecsIn.apply(sourceRegion).copyImageWithOptions(request, runtime).getBody(), "CopyImage").getImageId());
        return started(imageId, "CopyImage");
    }

    /** The image a create or copy just started, as the cloud describes it (a copy may not be visible at once). */
    private CloudImage started(String imageId, String action) {
        if (imageId == null || imageId.isBlank()) {
            throw new ProviderException(Kind.UNAVAILABLE, "Alibaba Cloud answered " + action + " without an image id");
        }
        return describeImage(imageId).orElseGet(() -> new CloudImage(imageId, region, null, CloudImage.State.PENDING,
                null, null, null, null, null, null));
    }

    @Override
    public void deleteImage(String cloudImageId) {
        DescribeImagesResponseBodyImagesImage image = rawImage(cloudImageId).orElseThrow(() -> new ProviderException(
                Kind.NOT_FOUND, "Image " + cloudImageId + " does not exist in Alibaba Cloud region " + region));
        List<String> snapshots = image.getDiskDeviceMappings() == null
                || image.getDiskDeviceMappings().getDiskDeviceMapping() == null ? List.of()
                : image.getDiskDeviceMappings().getDiskDeviceMapping().stream()
                        .map(m -> m.getSnapshotId()).filter(id -> id != null && !id.isBlank()).distinct().toList();
        DeleteImageRequest request = new DeleteImageRequest().setRegionId(region).setImageId(cloudImageId)
                .setForce(false);
        call("ecs:DeleteImage", () -> ecs().deleteImageWithOptions(request, runtime));
        // Snapshots behind an image can be deleted only once the image is gone.
        for (String snapshotId : snapshots) {
            DeleteSnapshotRequest delete = new DeleteSnapshotRequest().setSnapshotId(snapshotId).setForce(false);
            try {
                call("ecs:DeleteSnapshot", () -> ecs().deleteSnapshotWithOptions(delete, runtime));
            } catch (ProviderException e) {
                if (e.kind() != Kind.NOT_FOUND) {
                    throw new ProviderException(e.kind(), "Image " + cloudImageId + " was deleted, but its snapshot "
                            + snapshotId + " was not: " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void setImageDeprecation(String cloudImageId, Instant at) {
        if (at != null && at.isAfter(Instant.now())) {
            throw new ProviderException(Kind.UNSUPPORTED,
                    "Alibaba Cloud deprecates an image at once; it cannot schedule a deprecation for later");
        }
        ModifyImageAttributeRequest request = new ModifyImageAttributeRequest().setRegionId(region)
                .setImageId(cloudImageId).setStatus(at == null ? "Available" : "Deprecated");
        call("ecs:ModifyImageAttribute", () -> ecs().modifyImageAttributeWithOptions(request, runtime));
    }

    private Optional<DescribeImagesResponseBodyImagesImage> rawImage(String cloudImageId) {
        DescribeImagesRequest request = new DescribeImagesRequest().setRegionId(region).setImageId(cloudImageId)
                .setStatus(ANY_IMAGE_STATUS).setShowExpired(true);
        DescribeImagesResponseBody body = call("ecs:DescribeImages",
                () -> ecs().describeImagesWithOptions(request, runtime).getBody());
        return images(body, "DescribeImages").stream().filter(i -> cloudImageId.equals(i.getImageId())).findFirst();
    }

    private static List<DescribeImagesResponseBodyImagesImage> images(DescribeImagesResponseBody body, String action) {
        required(body, action);
        if (body.getImages() == null || body.getImages().getImage() == null) {
            return List.of();
        }
        List<DescribeImagesResponseBodyImagesImage> images = body.getImages().getImage();
        if (images.stream().anyMatch(i -> i == null || i.getImageId() == null)) {
            throw new ProviderException(Kind.UNAVAILABLE, "Alibaba Cloud answered " + action + " with an image without an id");
        }
        return images;
    }

    private CloudImage image(DescribeImagesResponseBodyImagesImage image) {
        String status = Objects.requireNonNullElse(image.getStatus(), "");
        CloudImage.State state = switch (status) {
            case "Available", "Deprecated" -> CloudImage.State.AVAILABLE;
            case "UnAvailable", "CreateFailed" -> CloudImage.State.FAILED;
            default -> CloudImage.State.PENDING;
        };
        String owner = image.getImageOwnerId() != null ? String.valueOf(image.getImageOwnerId()) : image.getImageOwnerAlias();
        return new CloudImage(image.getImageId(), region, image.getImageName(), state, image.getArchitecture(),
                image.getSize(), instant(image.getCreationTime()), owner, image.getDescription(), null);
    }

    // ---- scaling groups

    @Override
    public List<ScalingGroup> listScalingGroups() {
        List<Map<?, ?>> groups = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            Map<?, ?> body = ess("DescribeScalingGroups", Map.of("RegionId", region,
                    "PageSize", String.valueOf(ESS_PAGE), "PageNumber", String.valueOf(page)));
            List<Map<?, ?>> found = list(body, "ScalingGroups", "ScalingGroup");
            groups.addAll(found);
            if (found.size() < ESS_PAGE || groups.size() >= integer(body.get("TotalCount"), 0)) {
                break;
            }
        }
        Map<String, String> images = configurationImages(groups.stream()
                .map(g -> text(g.get("ActiveScalingConfigurationId"))).filter(Objects::nonNull).toList());
        return groups.stream().map(g -> group(g, images)).toList();
    }

    @Override
    public Optional<ScalingGroup> describeScalingGroup(String groupId) {
        return rawGroup(groupId).map(g -> {
            String configuration = text(g.get("ActiveScalingConfigurationId"));
            return group(g, configuration == null ? Map.of() : configurationImages(List.of(configuration)));
        });
    }

    private Optional<Map<?, ?>> rawGroup(String groupId) {
        Map<?, ?> body = ess("DescribeScalingGroups", Map.of("RegionId", region, "ScalingGroupIds.1", groupId));
        return list(body, "ScalingGroups", "ScalingGroup").stream()
                .filter(g -> groupId.equals(text(g.get("ScalingGroupId")))).findFirst();
    }

    private ScalingGroup group(Map<?, ?> group, Map<String, String> imageByConfiguration) {
        String id = text(group.get("ScalingGroupId"));
        if (id == null) {
            throw new ProviderException(Kind.UNAVAILABLE,
                    "Alibaba Cloud answered DescribeScalingGroups with a group without an id");
        }
        int total = integer(group.get("TotalCapacity"), integer(group.get("TotalInstanceCount"), 0));
        String configuration = text(group.get("ActiveScalingConfigurationId"));
        return new ScalingGroup(id, Objects.requireNonNullElse(text(group.get("ScalingGroupName")), id), region,
                configuration == null ? null : imageByConfiguration.get(configuration),
                integer(group.get("MinSize"), 0), integer(group.get("MaxSize"), 0),
                integer(group.get("DesiredCapacity"), total), total);
    }

    /** The image of each scaling configuration, asked ten ids at a time (ESS's limit). */
    private Map<String, String> configurationImages(List<String> configurationIds) {
        Map<String, String> images = new LinkedHashMap<>();
        for (int from = 0; from < configurationIds.size(); from += CONFIGURATION_BATCH) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("RegionId", region);
            List<String> batch = configurationIds.subList(from, Math.min(from + CONFIGURATION_BATCH, configurationIds.size()));
            for (int i = 0; i < batch.size(); i++) {
                query.put("ScalingConfigurationIds." + (i + 1), batch.get(i));
            }
            query.put("PageSize", String.valueOf(ESS_PAGE));
            Map<?, ?> body = ess("DescribeScalingConfigurations", query);
            for (Map<?, ?> configuration : list(body, "ScalingConfigurations", "ScalingConfiguration")) {
                String id = text(configuration.get("ScalingConfigurationId"));
                if (id != null) {
                    images.put(id, text(configuration.get("ImageId")));
                }
            }
        }
        return images;
    }

    /** The group's active scaling configuration id; refuses groups that launch from a launch template. */
    private String activeConfiguration(String groupId) {
        Map<?, ?> group = rawGroup(groupId).orElseThrow(() -> groupNotFound(groupId));
        String configuration = text(group.get("ActiveScalingConfigurationId"));
        if (configuration == null) {
            String template = text(group.get("LaunchTemplateId"));
            throw new ProviderException(Kind.INVALID, "Scaling group " + groupId + (template != null
                    ? " launches from launch template " + template + "; Imagehub changes the image of scaling configurations only"
                    : " has no active scaling configuration"));
        }
        return configuration;
    }

    @Override
    public void applyImage(String groupId, String cloudImageId) {
        String configuration = activeConfiguration(groupId);
        String current = configurationImages(List.of(configuration)).get(configuration);
        if (cloudImageId.equals(current)) {
            return;
        }
        ess("ModifyScalingConfiguration", Map.of("RegionId", region, "ScalingConfigurationId", configuration,
                "ImageId", cloudImageId));
    }

    @Override
    public List<CloudInstance> groupInstances(String groupId) {
        List<String> ids = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            Map<?, ?> body = ess("DescribeScalingInstances", Map.of("RegionId", region, "ScalingGroupId", groupId,
                    "PageSize", String.valueOf(ESS_PAGE), "PageNumber", String.valueOf(page)));
            List<Map<?, ?>> found = list(body, "ScalingInstances", "ScalingInstance");
            found.stream().map(i -> text(i.get("InstanceId"))).filter(Objects::nonNull).forEach(ids::add);
            if (found.size() < ESS_PAGE || ids.size() >= integer(body.get("TotalCount"), 0)) {
                break;
            }
        }
        if (ids.isEmpty() && rawGroup(groupId).isEmpty()) {
            throw groupNotFound(groupId);
        }
        List<CloudInstance> instances = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += INSTANCE_BATCH) {
            List<String> batch = ids.subList(from, Math.min(from + INSTANCE_BATCH, ids.size()));
            DescribeInstancesRequest request = new DescribeInstancesRequest().setRegionId(region)
                    .setInstanceIds(json(batch)).setPageSize(INSTANCE_BATCH);
            DescribeInstancesResponseBody body = call("ecs:DescribeInstances",
                    () -> required(ecs().describeInstancesWithOptions(request, runtime).getBody(), "DescribeInstances"));
            if (body.getInstances() == null || body.getInstances().getInstance() == null) {
                continue;
            }
            for (DescribeInstancesResponseBodyInstancesInstance instance : body.getInstances().getInstance()) {
                if (instance != null && instance.getInstanceId() != null) {
                    instances.add(instance(instance));
                }
            }
        }
        instances.sort(Comparator.comparing(CloudInstance::launchedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(CloudInstance::instanceId));
        return instances;
    }

    private CloudInstance instance(DescribeInstancesResponseBodyInstancesInstance instance) {
        CloudInstance.State state = switch (Objects.requireNonNullElse(instance.getStatus(), "")) {
            case "Pending", "Starting" -> CloudInstance.State.PENDING;
            default -> CloudInstance.State.RUNNING;
        };
        return new CloudInstance(instance.getInstanceId(), region, instance.getImageId(), state,
                instant(instance.getCreationTime()));
    }

    /** ESS scaling groups scale themselves; Imagehub never launches into them one by one. */
    @Override
    public CloudInstance launchInstance(String groupId) {
        throw new ProviderException(Kind.UNSUPPORTED,
                "ESS scaling groups launch their own instances; Imagehub does not launch into them");
    }

    @Override
    public void terminateInstance(String instanceId) {
        DeleteInstanceRequest request = new DeleteInstanceRequest().setInstanceId(instanceId).setForce(true);
        call("ecs:DeleteInstance", () -> ecs().deleteInstanceWithOptions(request, runtime));
    }

    // ---- rolling updates (ESS instance refresh)

    @Override
    public RollingUpdate startRollingUpdate(String groupId, int minHealthyPercent) {
        if (minHealthyPercent < 0 || minHealthyPercent > 100) {
            throw new ProviderException(Kind.INVALID, "The minimum healthy percentage must be 0 to 100");
        }
        String configuration = activeConfiguration(groupId);
        String image = configurationImages(List.of(configuration)).get(configuration);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("RegionId", region);
        query.put("ScalingGroupId", groupId);
        query.put("MinHealthyPercentage", String.valueOf(minHealthyPercent));
        query.put("ClientToken", UUID.randomUUID().toString());
        if (image != null) {
            query.put("DesiredConfiguration.ImageId", image);
        }
        Map<?, ?> body = ess("StartInstanceRefresh", query);
        String taskId = text(body.get("InstanceRefreshTaskId"));
        if (taskId == null) {
            throw new ProviderException(Kind.UNAVAILABLE,
                    "Alibaba Cloud answered StartInstanceRefresh without a task id");
        }
        // Not described at once: a task just started may not be listed yet.
        return new RollingUpdate(taskId, RollingUpdate.Status.PENDING, 0, "Instance refresh started");
    }

    @Override
    public RollingUpdate describeRollingUpdate(String groupId, String updateId) {
        Map<?, ?> body = ess("DescribeInstanceRefreshes", Map.of("RegionId", region, "ScalingGroupId", groupId,
                "InstanceRefreshTaskIds.1", updateId));
        Map<?, ?> task = list(body, "InstanceRefreshTasks", null).stream()
                .filter(t -> updateId.equals(text(t.get("InstanceRefreshTaskId")))).findFirst()
                .orElseThrow(() -> new ProviderException(Kind.NOT_FOUND, "Instance refresh " + updateId
                        + " of scaling group " + groupId + " does not exist in Alibaba Cloud region " + region));
        String status = Objects.requireNonNullElse(text(task.get("Status")), "");
        RollingUpdate.Status mapped = switch (status) {
            case "Pending" -> RollingUpdate.Status.PENDING;
            case "Successful" -> RollingUpdate.Status.SUCCESSFUL;
            case "Cancelled" -> RollingUpdate.Status.CANCELLED;
            case "Failed", "RollbackSuccessful", "RollbackFailed" -> RollingUpdate.Status.FAILED;
            default -> RollingUpdate.Status.IN_PROGRESS;
        };
        int total = integer(task.get("TotalNeedUpdateCapacity"), 0);
        int finished = integer(task.get("FinishedUpdateCapacity"), 0);
        int percent = mapped == RollingUpdate.Status.SUCCESSFUL ? 100
                : total <= 0 ? 0 : Math.min(100, finished * 100 / total);
        String detail = text(task.get("Detail"));
        String message = detail != null && !detail.isBlank() ? detail
                : status.isEmpty() ? null : status + ": " + finished + " of " + total + " instances replaced";
        return new RollingUpdate(updateId, mapped, percent, message);
    }

    @Override
    public void cancelRollingUpdate(String groupId, String updateId) {
        ess("CancelInstanceRefresh", Map.of("RegionId", region, "ScalingGroupId", groupId,
                "InstanceRefreshTaskId", updateId));
    }

    // ---- connection test

    @Override
    public List<ConnectionCheck> testConnection() {
        List<ConnectionCheck> checks = new ArrayList<>();
        try {
            call("ecs:DescribeRegions", () -> ecs().describeRegionsWithOptions(new DescribeRegionsRequest(), runtime));
            checks.add(new ConnectionCheck("Credentials", true, "Alibaba Cloud accepted the credentials"));
        } catch (ProviderException e) {
            if (e.kind() != Kind.ACCESS_DENIED) {
                // Wrong keys, an unassumable role or an unreachable endpoint: every other check would say the same.
                checks.add(new ConnectionCheck("Credentials", false, e.getMessage()));
                return checks;
            }
            checks.add(new ConnectionCheck("Credentials", true,
                    "Alibaba Cloud accepted the credentials (" + e.getMessage() + ")"));
        }
        checks.add(check("List images", () -> {
            DescribeImagesRequest request = new DescribeImagesRequest().setRegionId(region).setImageOwnerAlias("self")
                    .setPageSize(1);
            call("ecs:DescribeImages", () -> ecs().describeImagesWithOptions(request, runtime));
            return "Images of " + region + " can be listed";
        }));
        checks.add(check("Describe instances", () -> {
            DescribeInstancesRequest request = new DescribeInstancesRequest().setRegionId(region).setPageSize(1);
            call("ecs:DescribeInstances", () -> ecs().describeInstancesWithOptions(request, runtime));
            return "Instances of " + region + " can be read";
        }));
        checks.add(check("List scaling groups", () -> {
            ess("DescribeScalingGroups", Map.of("RegionId", region, "PageSize", "1"));
            return "ESS scaling groups of " + region + " can be listed";
        }));
        return checks;
    }

    private static ConnectionCheck check(String name, Callable<String> probe) {
        try {
            return new ConnectionCheck(name, true, probe.call());
        } catch (ProviderException e) {
            return new ConnectionCheck(name, false, e.getMessage());
        } catch (Exception e) {
            return new ConnectionCheck(name, false, "The check failed unexpectedly");
        }
    }

    // ---- calls

    /** One ESS call (RPC, version 2014-08-28) with its parameters in the query; answers the JSON body. */
    private Map<?, ?> ess(String action, Map<String, String> query) {
        Map<String, ?> answer = call("ess:" + action, () -> ess.callApi(rpc(action, ESS_VERSION),
                new OpenApiRequest().setQuery(query), runtime));
        if (!(answer != null && answer.get("body") instanceof Map<?, ?> body)) {
            throw new ProviderException(Kind.UNAVAILABLE, "Alibaba Cloud answered " + action + " without a body");
        }
        return body;
    }

    /**
     * A generic RPC call as the generated V2 clients make theirs: parameters in the query of a POST, JSON back; the
     * configured protocol wins over the HTTPS named here.
     */
    static Params rpc(String action, String version) {
        return new Params().setAction(action).setVersion(version).setProtocol("HTTPS").setPathname("/")
                .setMethod("POST").setAuthType("AK").setStyle("RPC").setReqBodyType("formData").setBodyType("json");
    }

    /** Runs one cloud call: throttling retried with backoff, a bounded number of times; errors translated. */
    private <T> T call(String ramAction, Callable<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.call();
            } catch (Exception e) {
                if (!AliyunErrors.throttled(e) || attempt >= settings.throttleAttempts()) {
                    throw AliyunErrors.translate(ramAction, e, settings.timeoutSeconds());
                }
                sleep(settings.backoffMillis() << (attempt - 1));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(Kind.UNAVAILABLE, "Interrupted while waiting to call Alibaba Cloud again", e);
        }
    }

    private static <T> T required(T body, String action) {
        if (body == null) {
            throw new ProviderException(Kind.UNAVAILABLE, "Alibaba Cloud answered " + action + " without a body");
        }
        return body;
    }

    private ProviderException groupNotFound(String groupId) {
        return new ProviderException(Kind.NOT_FOUND,
                "Scaling group " + groupId + " does not exist in Alibaba Cloud region " + region);
    }

    /**
     * The list under {@code body[outer][inner]} (ESS wraps lists in an object named in the singular), or
     * {@code body[outer]} when {@code inner} is null; empty when absent.
     */
    private static List<Map<?, ?>> list(Map<?, ?> body, String outer, String inner) {
        Object value = body.get(outer);
        if (inner != null) {
            value = value instanceof Map<?, ?> wrapper ? wrapper.get(inner) : null;
        }
        if (!(value instanceof List<?> items)) {
            return List.of();
        }
        List<Map<?, ?>> maps = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> map) {
                maps.add(map);
            }
        }
        return maps;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static int integer(Object value, int otherwise) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    private static String json(List<String> ids) {
        StringBuilder out = new StringBuilder("[");
        for (String id : ids) {
            out.append(out.length() > 1 ? "," : "").append('"').append(id.replace("\"", "")).append('"');
        }
        return out.append(']').toString();
    }

    /** Alibaba's times: {@code 2024-05-01T10:00:00Z}, or without seconds for instances ({@code 2024-05-01T10:00Z}). */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
