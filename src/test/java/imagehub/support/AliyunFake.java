package imagehub.support;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import imagehub.catalog.Platform;
import imagehub.provider.CloudCredentials;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A wire-level fake of Alibaba Cloud ECS (2014-05-26), ESS (2014-08-28) and STS (2015-04-01) on 127.0.0.1:0, for
 * the real V2 SDK pointed at {@link #endpoint()}. It speaks what the SDK sends: the action and version in the
 * {@code x-acs-action} / {@code x-acs-version} headers, parameters in the query, an ACS3-HMAC-SHA256
 * {@code Authorization} header it VERIFIES against the secret it knows (wrong secret: SignatureDoesNotMatch; unknown
 * key: InvalidAccessKeyId.NotFound; a reused nonce: SignatureNonceUsed), and answers JSON as Alibaba does, errors as
 * HTTP status + {@code {RequestId, HostId, Code, Message, Recommend}}.
 *
 * <p>It keeps images (with their snapshots), instances, scaling groups with their scaling configurations and
 * instances, and instance refreshes in memory, per region. Time is replaced by polling: an image being created or
 * copied turns Available after {@link #imagePendingPolls} DescribeImages answers that showed it, and each
 * DescribeInstanceRefreshes moves a running refresh one batch on (old instances deleted, new ones launched from the
 * desired image). Faults on demand: {@link #throttle}, {@link #deny}, {@link #delay}, {@link #answerNext},
 * {@link #failImage}.
 *
 * <p>Use: {@code AliyunFake.start()}; store Alibaba credentials with {@link #accessKeyId()},
 * {@link #accessKeySecret()} and {@link #endpoint()} (or {@link #role} for a RAM role ARN); build the cloud with
 * {@link #image}, {@link #instance}, {@link #scalingGroup}; check it with {@link #configurationImage},
 * {@link #groupInstanceIds}, {@link #instanceImage}, {@link #imageExists}, {@link #snapshotExists} and
 * {@link #actions()}; change it behind Imagehub's back with {@link #launchInto}, {@link #release},
 * {@link #removeImage}.
 */
public final class AliyunFake implements AutoCloseable {
    public static final long OWNER_ID = 1_234_567_890_123_456L;
    public static final String ACCESS_KEY_ID = "LTAI5tFakeImagehubKey01";
    private static final String ECS = "2014-05-26";
    private static final String ESS = "2014-08-28";
    private static final String STS = "2015-04-01";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)");
    private static final SecureRandom random = new SecureRandom();
    private static final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "aliyun-fake");
        thread.setDaemon(true);
        return thread;
    });
    private final String secret = "fakeSecret" + HexFormat.of().formatHex(bytes(12));
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, TemporaryKey> temporaryKeys = new HashMap<>();
    private final Set<String> roles = new HashSet<>();
    private final Set<String> nonces = new HashSet<>();
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Configuration> configurations = new LinkedHashMap<>();
    private final Map<String, Refresh> refreshes = new LinkedHashMap<>();
    private final Map<String, String> clientTokens = new HashMap<>();
    private final Map<String, Integer> throttled = new HashMap<>();
    private final Set<String> denied = new HashSet<>();
    private final Map<String, Duration> delays = new HashMap<>();
    private final Map<String, String> nextAnswers = new HashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile RawRequest lastRequest;
    private int imagePendingPolls = 2;
    private Integer roleSessionSeconds;

    /** One call the fake answered (or refused after checking its signature): who asked what. */
    public record Call(String action, String accessKeyId, Map<String, String> params) {
    }

    /** A request exactly as it arrived, to replay or tamper with in tests of the fake itself. */
    public record RawRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
    }

    private record TemporaryKey(String secret, String token, String roleArn, Instant expires) {
    }

    private AliyunFake() throws IOException {
        secrets.put(ACCESS_KEY_ID, secret);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static AliyunFake start() {
        try {
            return new AliyunFake();
        } catch (IOException e) {
            throw new IllegalStateException("The Alibaba fake could not listen on 127.0.0.1", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The base URL to store as the credentials' endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String accessKeyId() {
        return ACCESS_KEY_ID;
    }

    /** The secret of {@link #accessKeyId()}; random per fake, so a test can search output for it. */
    public String accessKeySecret() {
        return secret;
    }

    /** Credentials as Imagehub stores them, pointing at this fake. */
    public CloudCredentials credentials() {
        return credentials(ACCESS_KEY_ID, secret, null);
    }

    public CloudCredentials credentials(String accessKeyId, String accessKeySecret, String roleArn) {
        return new CloudCredentials(Math.abs(random.nextLong() % 1_000_000) + 1, Platform.ALIYUN, accessKeyId,
                accessKeySecret, roleArn, endpoint(), Instant.now());
    }

    /** A RAM role the default key may assume; answers its ARN. */
    public synchronized String role(String name) {
        String arn = "acs:ram::" + OWNER_ID + ":role/" + name;
        roles.add(arn);
        return arn;
    }

    // ---- fixtures

    /** An available image of this account in the region, with one system-disk snapshot. */
    public String image(String region, String name) {
        return image(region, name, "x86_64", 40);
    }

    public synchronized String image(String region, String name, String architecture, int sizeGb) {
        Image image = newImage(region, name, architecture, sizeGb, null);
        image.pollsLeft = 0;
        return image.id;
    }

    /** A running instance in the region booted from {@code imageId}. */
    public synchronized String instance(String region, String imageId) {
        return newInstance(region, imageId, null).id;
    }

    /** A scaling group whose active scaling configuration launches {@code imageId}, with N instances of it. */
    public synchronized String scalingGroup(String region, String name, String imageId, int instanceCount) {
        Group group = new Group();
        group.id = "asg-" + id(10);
        group.region = region;
        group.name = name;
        group.min = 0;
        group.max = Math.max(10, instanceCount * 2);
        group.desired = instanceCount;
        Configuration configuration = new Configuration();
        configuration.id = "asc-" + id(10);
        configuration.groupId = group.id;
        configuration.imageId = imageId;
        configurations.put(configuration.id, configuration);
        group.activeConfigurationId = configuration.id;
        groups.put(group.id, group);
        for (int i = 0; i < instanceCount; i++) {
            group.instanceIds.add(newInstance(region, imageId, group.id).id);
        }
        return group.id;
    }

    /** A scaling group that launches from an ECS launch template (no scaling configuration). */
    public synchronized String launchTemplateGroup(String region, String name) {
        Group group = new Group();
        group.id = "asg-" + id(10);
        group.region = region;
        group.name = name;
        group.max = 4;
        group.launchTemplateId = "lt-" + id(10);
        groups.put(group.id, group);
        return group.id;
    }

    /** The group scales out by one instance, launched from its active configuration's image; answers its id. */
    public synchronized String launchInto(String groupId) {
        Group group = groups.get(groupId);
        String instanceId = newInstance(group.region, configurations.get(group.activeConfigurationId).imageId,
                groupId).id;
        group.instanceIds.add(instanceId);
        return instanceId;
    }

    /** The instance is released (and leaves its scaling group), as if removed outside Imagehub. */
    public synchronized void release(String instanceId) {
        instances.remove(instanceId);
        groups.values().forEach(g -> g.instanceIds.remove(instanceId));
    }

    /** The image is deleted outside Imagehub (its snapshots stay, as in Alibaba Cloud). */
    public synchronized void removeImage(String imageId) {
        images.remove(imageId);
    }

    /** The image the group's active scaling configuration launches. */
    public synchronized String configurationImage(String groupId) {
        return configurations.get(groups.get(groupId).activeConfigurationId).imageId;
    }

    public synchronized List<String> groupInstanceIds(String groupId) {
        return List.copyOf(groups.get(groupId).instanceIds);
    }

    /** The image an instance was booted from, or null when it does not exist (any more). */
    public synchronized String instanceImage(String instanceId) {
        Instance instance = instances.get(instanceId);
        return instance == null ? null : instance.imageId;
    }

    public synchronized boolean imageExists(String imageId) {
        return images.containsKey(imageId);
    }

    public synchronized String imageStatus(String imageId) {
        Image image = images.get(imageId);
        return image == null ? null : image.status();
    }

    public synchronized String imageRegion(String imageId) {
        return images.get(imageId).region;
    }

    public synchronized List<String> snapshotsOf(String imageId) {
        return List.copyOf(images.get(imageId).snapshotIds);
    }

    public synchronized boolean snapshotExists(String snapshotId) {
        return snapshots.containsKey(snapshotId);
    }

    /** Role sessions last this long whatever the caller asks for (STS grants at least 900 s; tests go shorter). */
    public synchronized void roleSessionSeconds(int seconds) {
        roleSessionSeconds = seconds;
    }

    /** The image (being created or copied) fails: Alibaba shows it as CreateFailed. */
    public synchronized void failImage(String imageId) {
        images.get(imageId).failed = true;
    }

    /** How many DescribeImages answers show a new image as Creating before it turns Available. */
    public synchronized void imagePendingPolls(int polls) {
        imagePendingPolls = polls;
    }

    // ---- faults

    /** The next {@code times} calls of {@code action} answer Throttling.User. */
    public synchronized void throttle(String action, int times) {
        throttled.put(action, times);
    }

    /** Calls of {@code action} answer Forbidden.RAM, naming the RAM action, until {@link #allow}. */
    public synchronized void deny(String action) {
        denied.add(action);
    }

    public synchronized void allow(String action) {
        denied.remove(action);
    }

    /** Calls of {@code action} wait this long before answering (to exceed a client's read timeout). */
    public synchronized void delay(String action, Duration delay) {
        delays.put(action, delay);
    }

    /** The next call of {@code action} is answered 200 with exactly this JSON body. */
    public synchronized void answerNext(String action, String json) {
        nextAnswers.put(action, json);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<String> actions() {
        return calls.stream().map(Call::action).toList();
    }

    public void clearCalls() {
        calls.clear();
    }

    public RawRequest lastRequest() {
        return lastRequest;
    }

    // ---- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            lastRequest = new RawRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            Answer answer;
            try {
                answer = answer(exchange, body);
            } catch (Refusal refusal) {
                answer = refusal.answer;
            } catch (RuntimeException e) {
                answer = error(500, "InternalError", "The request processing has failed due to some unknown error.",
                        "ecs");
            }
            byte[] bytes = answer.json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(answer.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private record Answer(int status, String json) {
    }

    private static final class Refusal extends RuntimeException {
        final Answer answer;

        Refusal(Answer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    private Answer answer(HttpExchange exchange, byte[] body) {
        String action = exchange.getRequestHeaders().getFirst("x-acs-action");
        String version = exchange.getRequestHeaders().getFirst("x-acs-version");
        String product = ECS.equals(version) ? "ecs" : ESS.equals(version) ? "ess" : STS.equals(version) ? "sts" : null;
        if (action == null || product == null) {
            return error(400, "InvalidVersion", "Specified parameter Version is not valid.", "ecs");
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> params = new TreeMap<>(form(rawQuery));
        String contentType = exchange.getRequestHeaders().getFirst("content-type");
        if (body.length > 0 && contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            params.putAll(form(new String(body, StandardCharsets.UTF_8)));
        }
        String accessKeyId = verify(exchange, rawQuery, body, product);
        calls.add(new Call(action, accessKeyId, Map.copyOf(params)));
        Duration delay;
        String next;
        synchronized (this) {
            delay = delays.get(action);
            if (denied.contains(action)) {
                return denied(product, action);
            }
            Integer left = throttled.get(action);
            if (left != null && left > 0) {
                throttled.put(action, left - 1);
                return error(400, "Throttling.User", "Request was denied due to user flow control.", product);
            }
            next = nextAnswers.remove(action);
        }
        if (delay != null) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (next != null) {
            return new Answer(200, next);
        }
        synchronized (this) {
            Map<String, Object> result = switch (product + ":" + action) {
                case "ecs:DescribeRegions" -> describeRegions();
                case "ecs:DescribeImages" -> describeImages(params);
                case "ecs:CreateImage" -> createImage(params);
                case "ecs:CopyImage" -> copyImage(params);
                case "ecs:DeleteImage" -> deleteImage(params);
                case "ecs:DeleteSnapshot" -> deleteSnapshot(params);
                case "ecs:ModifyImageAttribute" -> modifyImageAttribute(params);
                case "ecs:DescribeInstances" -> describeInstances(params);
                case "ecs:DeleteInstance" -> deleteInstance(params);
                case "ess:DescribeScalingGroups" -> describeScalingGroups(params);
                case "ess:DescribeScalingConfigurations" -> describeScalingConfigurations(params);
                case "ess:ModifyScalingConfiguration" -> modifyScalingConfiguration(params);
                case "ess:DescribeScalingInstances" -> describeScalingInstances(params);
                case "ess:StartInstanceRefresh" -> startInstanceRefresh(params);
                case "ess:DescribeInstanceRefreshes" -> describeInstanceRefreshes(params);
                case "ess:CancelInstanceRefresh" -> cancelInstanceRefresh(params);
                case "sts:AssumeRole" -> assumeRole(params);
                default -> throw refuse(404, "InvalidAction.NotFound",
                        "Specified api is not found, please check your url and method.", product);
            };
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("RequestId", requestId());
            json.putAll(result);
            return new Answer(200, gson.toJson(json));
        }
    }

    /**
     * Checks the ACS3-HMAC-SHA256 signature as Alibaba documents it: canonical request = method, path, sorted
     * percent-encoded query, the signed headers (lower-case, sorted, trimmed), the signed header list, and the
     * SHA-256 of the body; string to sign = algorithm + hex SHA-256 of it; signature = hex HMAC-SHA256 with the
     * secret. Answers the access key id that signed.
     */
    private String verify(HttpExchange exchange, String rawQuery, byte[] body, String product) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher matcher = authorization == null ? null : AUTHORIZATION.matcher(authorization.strip());
        if (matcher == null || !matcher.matches()) {
            throw refuse(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.",
                    product);
        }
        String keyId = matcher.group(1);
        String signedHeaders = matcher.group(2);
        List<String> names = List.of(signedHeaders.split(";"));
        for (String required : List.of("host", "x-acs-action", "x-acs-version", "x-acs-date",
                "x-acs-signature-nonce", "x-acs-content-sha256")) {
            if (!names.contains(required)) {
                throw refuse(400, "IncompleteSignature", "The request signature does not sign " + required + ".",
                        product);
            }
        }
        String keySecret;
        synchronized (this) {
            TemporaryKey temporary = temporaryKeys.get(keyId);
            keySecret = temporary != null ? temporary.secret() : secrets.get(keyId);
            if (keySecret == null) {
                throw refuse(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.", product);
            }
            String token = exchange.getRequestHeaders().getFirst("x-acs-security-token");
            if (temporary != null && !temporary.token().equals(token)) {
                throw refuse(400, "InvalidSecurityToken.Mismatch", "Specified SecurityToken mismatch with the AccessKey.",
                        product);
            }
            if (temporary != null && temporary.expires().isBefore(Instant.now())) {
                throw refuse(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.", product);
            }
        }
        String payloadHash = hex(sha256(body));
        if (!payloadHash.equals(exchange.getRequestHeaders().getFirst("x-acs-content-sha256"))) {
            throw refuse(400, "SignatureDoesNotMatch", "The request body does not match x-acs-content-sha256.",
                    product);
        }
        StringBuilder canonical = new StringBuilder(exchange.getRequestMethod()).append('\n')
                .append(exchange.getRequestURI().getRawPath()).append('\n')
                .append(canonicalQuery(rawQuery)).append('\n');
        for (String name : names.stream().sorted().toList()) {
            String value = exchange.getRequestHeaders().getFirst(name);
            canonical.append(name).append(':').append(value == null ? "" : value.strip()).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        String toSign = "ACS3-HMAC-SHA256\n" + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String expected = hex(hmac(keySecret, toSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                matcher.group(3).getBytes(StandardCharsets.UTF_8))) {
            throw refuse(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.",
                    product);
        }
        synchronized (this) {
            if (!nonces.add(exchange.getRequestHeaders().getFirst("x-acs-signature-nonce"))) {
                throw refuse(400, "SignatureNonceUsed", "Specified signature nonce was used already.", product);
            }
        }
        return keyId;
    }

    private static String canonicalQuery(String rawQuery) {
        return form(rawQuery).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> percent(e.getKey()) + "=" + percent(e.getValue())).collect(Collectors.joining("&"));
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    private static String percent(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    // ---- ECS

    private Map<String, Object> describeRegions() {
        List<Map<String, Object>> regions = List.of("cn-hangzhou", "cn-shanghai", "cn-beijing", "eu-central-1",
                "us-west-1").stream().map(r -> map("RegionId", r, "LocalName", r,
                        "RegionEndpoint", "ecs." + r + ".aliyuncs.com")).toList();
        return map("Regions", map("Region", regions));
    }

    private Map<String, Object> describeImages(Map<String, String> params) {
        String region = region(params, "ecs");
        Set<String> ids = list(params.get("ImageId"));
        Set<String> statuses = list(params.getOrDefault("Status", "Available"));
        String owner = params.get("ImageOwnerAlias");
        int pageSize = Math.min(100, integer(params, "PageSize", 10));
        int page = Math.max(1, integer(params, "PageNumber", 1));
        List<Image> matching = images.values().stream()
                .filter(i -> i.region.equals(region))
                .filter(i -> ids.isEmpty() || ids.contains(i.id))
                .filter(i -> owner == null || owner.equals("self"))
                .filter(i -> statuses.contains(i.status()))
                .sorted(Comparator.comparing((Image i) -> i.created).reversed())
                .toList();
        List<Map<String, Object>> shown = matching.stream().skip((long) (page - 1) * pageSize).limit(pageSize)
                .map(this::poll).toList();
        return map("RegionId", region, "TotalCount", matching.size(), "PageNumber", page, "PageSize", pageSize,
                "Images", map("Image", shown));
    }

    /** The image as DescribeImages shows it; a creating image comes one poll closer to Available. */
    private Map<String, Object> poll(Image image) {
        Map<String, Object> json = image.json();
        if (image.pollsLeft > 0) {
            image.pollsLeft--;
        }
        return json;
    }

    private Map<String, Object> createImage(Map<String, String> params) {
        String region = region(params, "ecs");
        Instance instance = instances.get(required(params, "InstanceId", "ecs"));
        if (instance == null || !instance.region.equals(region)) {
            throw refuse(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.", "ecs");
        }
        String token = params.get("ClientToken");
        if (token != null && clientTokens.containsKey("CreateImage:" + token)) {
            return map("ImageId", clientTokens.get("CreateImage:" + token));
        }
        Image source = images.get(instance.imageId);
        Image image = newImage(region, params.getOrDefault("ImageName", "image-" + id(6)),
                source == null ? "x86_64" : source.architecture, source == null ? 40 : source.sizeGb,
                params.get("Description"));
        if (token != null) {
            clientTokens.put("CreateImage:" + token, image.id);
        }
        return map("ImageId", image.id);
    }

    private Map<String, Object> copyImage(Map<String, String> params) {
        String region = region(params, "ecs");
        String destination = required(params, "DestinationRegionId", "ecs");
        Image source = images.get(required(params, "ImageId", "ecs"));
        if (source == null || !source.region.equals(region)) {
            throw refuse(404, "InvalidImageId.NotFound", "The specified ImageId does not exist.", "ecs");
        }
        if (!source.status().equals("Available")) {
            throw refuse(403, "IncorrectImageStatus", "The current status of the image does not support this operation.",
                    "ecs");
        }
        Image copy = newImage(destination, params.getOrDefault("DestinationImageName", source.name),
                source.architecture, source.sizeGb, params.get("DestinationDescription"));
        copy.copied = true;
        return map("ImageId", copy.id);
    }

    private Map<String, Object> deleteImage(Map<String, String> params) {
        String region = region(params, "ecs");
        Image image = images.get(required(params, "ImageId", "ecs"));
        if (image == null || !image.region.equals(region)) {
            throw refuse(404, "InvalidImageId.NotFound", "The specified ImageId does not exist.", "ecs");
        }
        images.remove(image.id);
        return map();
    }

    private Map<String, Object> deleteSnapshot(Map<String, String> params) {
        Snapshot snapshot = snapshots.get(required(params, "SnapshotId", "ecs"));
        if (snapshot == null) {
            throw refuse(404, "InvalidSnapshotId.NotFound", "The specified SnapshotId does not exist.", "ecs");
        }
        if (images.values().stream().anyMatch(i -> i.snapshotIds.contains(snapshot.id))) {
            throw refuse(403, "SnapshotCreatedImage", "The snapshot has been used to create user-defined image(s).",
                    "ecs");
        }
        snapshots.remove(snapshot.id);
        return map();
    }

    private Map<String, Object> modifyImageAttribute(Map<String, String> params) {
        String region = region(params, "ecs");
        Image image = images.get(required(params, "ImageId", "ecs"));
        if (image == null || !image.region.equals(region)) {
            throw refuse(404, "InvalidImageId.NotFound", "The specified ImageId does not exist.", "ecs");
        }
        String status = params.get("Status");
        if (status != null) {
            if (!status.equals("Deprecated") && !status.equals("Available")) {
                throw refuse(400, "InvalidStatus.ValueNotSupported", "The specified Status is not supported.", "ecs");
            }
            image.deprecated = status.equals("Deprecated");
        }
        if (params.get("ImageName") != null) {
            image.name = params.get("ImageName");
        }
        return map();
    }

    private Map<String, Object> describeInstances(Map<String, String> params) {
        String region = region(params, "ecs");
        Set<String> ids = new HashSet<>();
        String idList = params.get("InstanceIds");
        if (idList != null && !idList.isBlank()) {
            String[] parsed = gson.fromJson(idList, String[].class);
            ids.addAll(List.of(parsed));
        }
        int pageSize = Math.min(100, integer(params, "PageSize", 10));
        int page = Math.max(1, integer(params, "PageNumber", 1));
        List<Instance> matching = instances.values().stream().filter(i -> i.region.equals(region))
                .filter(i -> ids.isEmpty() || ids.contains(i.id)).toList();
        List<Map<String, Object>> shown = matching.stream().skip((long) (page - 1) * pageSize).limit(pageSize)
                .map(i -> map("InstanceId", i.id, "InstanceName", i.id, "RegionId", i.region, "ImageId", i.imageId,
                        "Status", "Running", "CreationTime", i.created.truncatedTo(ChronoUnit.MINUTES).toString()
                                .replace(":00Z", "Z"), "InstanceType", "ecs.g7.large"))
                .toList();
        return map("TotalCount", matching.size(), "PageNumber", page, "PageSize", pageSize,
                "Instances", map("Instance", shown));
    }

    private Map<String, Object> deleteInstance(Map<String, String> params) {
        Instance instance = instances.remove(required(params, "InstanceId", "ecs"));
        if (instance == null) {
            throw refuse(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.", "ecs");
        }
        groups.values().forEach(g -> g.instanceIds.remove(instance.id));
        return map();
    }

    // ---- ESS

    private Map<String, Object> describeScalingGroups(Map<String, String> params) {
        String region = region(params, "ess");
        Set<String> ids = indexed(params, "ScalingGroupIds");
        int pageSize = Math.min(50, integer(params, "PageSize", 10));
        int page = Math.max(1, integer(params, "PageNumber", 1));
        List<Group> matching = groups.values().stream().filter(g -> g.region.equals(region))
                .filter(g -> ids.isEmpty() || ids.contains(g.id)).toList();
        List<Map<String, Object>> shown = matching.stream().skip((long) (page - 1) * pageSize).limit(pageSize)
                .map(g -> {
                    Map<String, Object> json = map("ScalingGroupId", g.id, "ScalingGroupName", g.name,
                            "RegionId", g.region, "MinSize", g.min, "MaxSize", g.max, "DesiredCapacity", g.desired,
                            "TotalCapacity", g.instanceIds.size(), "ActiveCapacity", g.instanceIds.size(),
                            "LifecycleState", "Active");
                    if (g.activeConfigurationId != null) {
                        json.put("ActiveScalingConfigurationId", g.activeConfigurationId);
                    }
                    if (g.launchTemplateId != null) {
                        json.put("LaunchTemplateId", g.launchTemplateId);
                        json.put("LaunchTemplateVersion", "Default");
                    }
                    return json;
                }).toList();
        return map("TotalCount", matching.size(), "PageNumber", page, "PageSize", pageSize,
                "ScalingGroups", map("ScalingGroup", shown));
    }

    private Map<String, Object> describeScalingConfigurations(Map<String, String> params) {
        String region = region(params, "ess");
        Set<String> ids = indexed(params, "ScalingConfigurationIds");
        if (ids.size() > 10) {
            throw refuse(400, "InvalidParameter", "ScalingConfigurationIds accepts at most 10 ids.", "ess");
        }
        String groupId = params.get("ScalingGroupId");
        List<Map<String, Object>> shown = configurations.values().stream()
                .filter(c -> groups.get(c.groupId).region.equals(region))
                .filter(c -> ids.isEmpty() || ids.contains(c.id))
                .filter(c -> groupId == null || groupId.equals(c.groupId))
                .map(c -> map("ScalingConfigurationId", c.id, "ScalingGroupId", c.groupId, "ImageId", c.imageId,
                        "InstanceType", "ecs.g7.large", "LifecycleState",
                        c.id.equals(groups.get(c.groupId).activeConfigurationId) ? "Active" : "Inactive"))
                .toList();
        return map("TotalCount", shown.size(), "PageNumber", 1, "PageSize", 50,
                "ScalingConfigurations", map("ScalingConfiguration", shown));
    }

    private Map<String, Object> modifyScalingConfiguration(Map<String, String> params) {
        Configuration configuration = configurations.get(required(params, "ScalingConfigurationId", "ess"));
        if (configuration == null) {
            throw refuse(404, "InvalidScalingConfigurationId.NotFound",
                    "The specified scaling configuration does not exist.", "ess");
        }
        String imageId = params.get("ImageId");
        if (imageId != null) {
            Image image = images.get(imageId);
            if (image == null || !image.region.equals(groups.get(configuration.groupId).region)) {
                throw refuse(404, "InvalidImageId.NotFound", "The specified image does not exist.", "ess");
            }
            configuration.imageId = imageId;
        }
        return map();
    }

    private Map<String, Object> describeScalingInstances(Map<String, String> params) {
        String region = region(params, "ess");
        Group group = group(params, region);
        int pageSize = Math.min(50, integer(params, "PageSize", 10));
        int page = Math.max(1, integer(params, "PageNumber", 1));
        List<Map<String, Object>> shown = group.instanceIds.stream().skip((long) (page - 1) * pageSize)
                .limit(pageSize).map(id -> map("InstanceId", id, "ScalingGroupId", group.id,
                        "ScalingConfigurationId", group.activeConfigurationId, "LifecycleState", "InService",
                        "HealthStatus", "Healthy", "CreationType", "AutoCreated"))
                .toList();
        return map("TotalCount", group.instanceIds.size(), "PageNumber", page, "PageSize", pageSize,
                "ScalingInstances", map("ScalingInstance", shown));
    }

    private Map<String, Object> startInstanceRefresh(Map<String, String> params) {
        String region = region(params, "ess");
        Group group = group(params, region);
        if (refreshes.values().stream().anyMatch(r -> r.groupId.equals(group.id) && r.active())) {
            throw refuse(400, "Operation.Conflict", "An instance refresh of this scaling group is in progress.",
                    "ess");
        }
        Refresh refresh = new Refresh();
        refresh.id = "ir-" + id(10);
        refresh.groupId = group.id;
        refresh.minHealthy = integer(params, "MinHealthyPercentage", 80);
        refresh.imageId = params.getOrDefault("DesiredConfiguration.ImageId",
                group.activeConfigurationId == null ? null : configurations.get(group.activeConfigurationId).imageId);
        refresh.pending.addAll(group.instanceIds.stream()
                .filter(id -> !instances.get(id).imageId.equals(refresh.imageId)).toList());
        refresh.total = refresh.pending.size();
        refresh.status = refresh.total == 0 ? "Successful" : "InProgress";
        refreshes.put(refresh.id, refresh);
        return map("InstanceRefreshTaskId", refresh.id);
    }

    private Map<String, Object> describeInstanceRefreshes(Map<String, String> params) {
        String region = region(params, "ess");
        Group group = group(params, region);
        Set<String> ids = indexed(params, "InstanceRefreshTaskIds");
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Refresh refresh : refreshes.values()) {
            if (!refresh.groupId.equals(group.id) || !(ids.isEmpty() || ids.contains(refresh.id))) {
                continue;
            }
            advance(refresh, group);
            shown.add(map("InstanceRefreshTaskId", refresh.id, "ScalingGroupId", group.id, "RegionId", region,
                    "Status", refresh.status, "TotalNeedUpdateCapacity", refresh.total,
                    "FinishedUpdateCapacity", refresh.finished, "MinHealthyPercentage", refresh.minHealthy,
                    "DesiredConfiguration", map("ImageId", refresh.imageId)));
        }
        return map("TotalCount", shown.size(), "MaxResults", 10, "InstanceRefreshTasks", shown);
    }

    /** One batch further: as many instances as the minimum healthy percentage allows (at least one) replaced. */
    private void advance(Refresh refresh, Group group) {
        if (!refresh.status.equals("InProgress")) {
            return;
        }
        int batch = Math.max(1, group.instanceIds.size() * (100 - refresh.minHealthy) / 100);
        for (int i = 0; i < batch && !refresh.pending.isEmpty(); i++) {
            String old = refresh.pending.remove(0);
            instances.remove(old);
            int at = group.instanceIds.indexOf(old);
            String fresh = newInstance(group.region, refresh.imageId, group.id).id;
            if (at >= 0) {
                group.instanceIds.set(at, fresh);
            } else {
                group.instanceIds.add(fresh);
            }
            refresh.finished++;
        }
        if (refresh.pending.isEmpty()) {
            refresh.status = "Successful";
        }
    }

    private Map<String, Object> cancelInstanceRefresh(Map<String, String> params) {
        String region = region(params, "ess");
        Group group = group(params, region);
        Refresh refresh = refreshes.get(required(params, "InstanceRefreshTaskId", "ess"));
        if (refresh == null || !refresh.groupId.equals(group.id)) {
            throw refuse(404, "InvalidInstanceRefreshTaskId.NotFound", "The specified instance refresh task does not exist.",
                    "ess");
        }
        if (!refresh.active()) {
            throw refuse(400, "IncorrectInstanceRefreshStatus",
                    "The instance refresh task is " + refresh.status + " and cannot be cancelled.", "ess");
        }
        refresh.status = "Cancelled";
        return map();
    }

    // ---- STS

    private Map<String, Object> assumeRole(Map<String, String> params) {
        String arn = required(params, "RoleArn", "sts");
        if (!roles.contains(arn)) {
            throw refuse(404, "EntityNotExist.Role", "The role does not exist: " + arn, "sts");
        }
        int seconds = roleSessionSeconds != null ? roleSessionSeconds : integer(params, "DurationSeconds", 3600);
        String keyId = "STS.NT" + id(20);
        String keySecret = "sts" + HexFormat.of().formatHex(bytes(16));
        String token = "CAIS" + HexFormat.of().formatHex(bytes(24));
        Instant expires = Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
        temporaryKeys.put(keyId, new TemporaryKey(keySecret, token, arn, expires));
        return map("Credentials", map("AccessKeyId", keyId, "AccessKeySecret", keySecret, "SecurityToken", token,
                        "Expiration", expires.toString()),
                "AssumedRoleUser", map("Arn", arn + "/" + params.getOrDefault("RoleSessionName", "session"),
                        "AssumedRoleId", "3" + id(16) + ":" + params.getOrDefault("RoleSessionName", "session")));
    }

    // ---- state

    private Image newImage(String region, String name, String architecture, int sizeGb, String description) {
        Image image = new Image();
        image.id = "m-" + id(20);
        image.region = region;
        image.name = name;
        image.architecture = architecture;
        image.sizeGb = sizeGb;
        image.description = description;
        image.created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        image.pollsLeft = imagePendingPolls;
        Snapshot snapshot = new Snapshot();
        snapshot.id = "s-" + id(20);
        snapshots.put(snapshot.id, snapshot);
        image.snapshotIds.add(snapshot.id);
        images.put(image.id, image);
        return image;
    }

    private Instance newInstance(String region, String imageId, String groupId) {
        Instance instance = new Instance();
        instance.id = "i-" + id(20);
        instance.region = region;
        instance.imageId = imageId;
        instance.created = Instant.now();
        instances.put(instance.id, instance);
        return instance;
    }

    private Group group(Map<String, String> params, String region) {
        Group group = groups.get(required(params, "ScalingGroupId", "ess"));
        if (group == null || !group.region.equals(region)) {
            throw refuse(404, "InvalidScalingGroupId.NotFound", "The specified scaling group does not exist.", "ess");
        }
        return group;
    }

    private static final class Image {
        String id;
        String region;
        String name;
        String architecture;
        int sizeGb;
        String description;
        Instant created;
        int pollsLeft;
        boolean deprecated;
        boolean failed;
        boolean copied;
        final List<String> snapshotIds = new ArrayList<>();

        String status() {
            return failed ? "CreateFailed" : pollsLeft > 0 ? "Creating" : deprecated ? "Deprecated" : "Available";
        }

        Map<String, Object> json() {
            List<Map<String, Object>> mappings = snapshotIds.stream().map(s -> map("SnapshotId", s,
                    "Size", String.valueOf(sizeGb), "Device", "/dev/xvda", "Type", "system")).toList();
            Map<String, Object> json = map("ImageId", id, "ImageName", name, "Status", status(),
                    "Progress", pollsLeft > 0 ? "50%" : "100%", "Architecture", architecture, "Size", sizeGb,
                    "CreationTime", created.toString(), "ImageOwnerAlias", "self", "ImageOwnerId", OWNER_ID,
                    "OSType", "linux", "IsCopied", copied, "DiskDeviceMappings", map("DiskDeviceMapping", mappings));
            if (description != null) {
                json.put("Description", description);
            }
            return json;
        }
    }

    private static final class Snapshot {
        String id;
    }

    private static final class Instance {
        String id;
        String region;
        String imageId;
        Instant created;
    }

    private static final class Group {
        String id;
        String region;
        String name;
        int min;
        int max;
        int desired;
        String activeConfigurationId;
        String launchTemplateId;
        final List<String> instanceIds = new ArrayList<>();
    }

    private static final class Configuration {
        String id;
        String groupId;
        String imageId;
    }

    private static final class Refresh {
        String id;
        String groupId;
        String imageId;
        String status;
        int minHealthy;
        int total;
        int finished;
        final List<String> pending = new ArrayList<>();

        boolean active() {
            return status.equals("Pending") || status.equals("InProgress");
        }
    }

    // ---- helpers

    private Answer denied(String product, String action) {
        String ramAction = product + ":" + action;
        Map<String, Object> json = map("RequestId", requestId(), "HostId", product + ".aliyuncs.com",
                "Code", "Forbidden.RAM",
                "Message", "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
                "Recommend", "https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product=" + product,
                "AccessDeniedDetail", map("AuthAction", ramAction, "AuthPrincipalType", "SubUser",
                        "AuthPrincipalOwnerId", String.valueOf(OWNER_ID), "PolicyType", "AccountLevelIdentityBasedPolicy",
                        "NoPermissionType", "ImplicitDeny"));
        return new Answer(403, gson.toJson(json));
    }

    private static Answer error(int status, String code, String message, String product) {
        return new Answer(status, gson.toJson(map("RequestId", requestId(), "HostId", product + ".aliyuncs.com",
                "Code", code, "Message", message,
                "Recommend", "https://api.aliyun.com/troubleshoot?q=" + code + "&product=" + product)));
    }

    private static Refusal refuse(int status, String code, String message, String product) {
        return new Refusal(error(status, code, message, product));
    }

    private static String region(Map<String, String> params, String product) {
        return required(params, "RegionId", product);
    }

    private static String required(Map<String, String> params, String name, String product) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            throw refuse(400, "MissingParameter", "The input parameter " + name
                    + " that is mandatory for processing this request is not supplied.", product);
        }
        return value;
    }

    private static int integer(Map<String, String> params, String name, int otherwise) {
        String value = params.get(name);
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw refuse(400, "InvalidParameter", "The specified " + name + " is not valid.", "ecs");
        }
    }

    private static Set<String> list(String commaSeparated) {
        Set<String> out = new HashSet<>();
        if (commaSeparated != null) {
            for (String part : commaSeparated.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** RPC list parameters: {@code Name.1}, {@code Name.2}, … */
    private static Set<String> indexed(Map<String, String> params, String name) {
        Set<String> out = new HashSet<>();
        params.forEach((key, value) -> {
            if (key.startsWith(name + ".") && key.substring(name.length() + 1).matches("\\d+")) {
                out.add(value);
            }
        });
        return out;
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private static String requestId() {
        return UUID.randomUUID().toString().toUpperCase();
    }

    private static String id(int length) {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static byte[] bytes(int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
