package imagehub.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP front for moto that the AWS SDK is pointed at instead of moto itself, to do what moto 5.2.1 cannot:
 * <ul>
 * <li><b>Faults:</b> {@link #failNext} answers the next calls of an action with an AWS error (Throttling,
 * UnauthorizedOperation, …) in the service's wire format (EC2 query or awsQuery), then lets calls through.</li>
 * <li><b>Stubs of what moto lacks</b> (moto answers those with an HTML 500): Auto Scaling instance refresh
 * (StartInstanceRefresh, DescribeInstanceRefreshes, CancelInstanceRefresh: each describe replaces the next batch of
 * the group's instances through moto, which relaunches them from the group's launch template, so the refresh really
 * moves the group to its new image) and EC2 image deprecation (EnableImageDeprecation, DisableImageDeprecation:
 * recorded and shown back as {@code deprecationTime} in DescribeImages).</li>
 * <li>{@link #unsupported} makes an action answer {@code InvalidAction}, as an endpoint without it does.</li>
 * </ul>
 * Everything else goes to moto unchanged. Binds a free local port; close it when done.
 */
public final class MotoProxy implements AutoCloseable {
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/([^/]+)/([^/]+)/");
    private static final Pattern INSTANCE_ID = Pattern.compile("<InstanceId>(i-[0-9a-f]+)</InstanceId>");
    private static final Set<String> UNFORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");
    private static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final String AUTOSCALING_NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "moto-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Set<String> unsupported = ConcurrentHashMap.newKeySet();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> deprecations = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshes = new LinkedHashMap<>();

    public MotoProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A front for the JVM's shared moto. */
    public static MotoProxy forSharedMoto() throws IOException {
        return new MotoProxy(Moto.endpoint());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} calls of {@code action} get HTTP {@code status} with the AWS error {@code code}. */
    public void failNext(String action, int times, int status, String code, String message) {
        faults.put(action, new Fault(new AtomicInteger(times), status, code, message));
    }

    /** {@code action} answers InvalidAction from now on, as an endpoint that does not implement it. */
    public void unsupported(String action) {
        unsupported.add(action);
    }

    /** How many calls of {@code action} reached the proxy (answered by a fault, a stub or moto). */
    public long calls(String action) {
        return calls.stream().filter(action::equals).count();
    }

    /** The deprecation time EnableImageDeprecation set on the image, or null. */
    public Instant deprecation(String imageId) {
        return deprecations.get(imageId);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> params = form(new String(body, StandardCharsets.UTF_8));
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                form(query).forEach(params::putIfAbsent);
            }
            String action = params.getOrDefault("Action", "");
            calls.add(action);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher scope = CREDENTIAL_SCOPE.matcher(authorization == null ? "" : authorization);
            String service = scope.find() ? scope.group(2) : "";
            Answer answer = answer(exchange, body, action, params, service, authorization);
            answer.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] out = answer.body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer answer(HttpExchange exchange, byte[] body, String action, Map<String, String> params,
            String service, String authorization) throws IOException, InterruptedException {
        Fault fault = faults.get(action);
        if (fault != null && fault.remaining.getAndDecrement() > 0) {
            return error(service, fault.status, fault.code, fault.message);
        }
        if (unsupported.contains(action)) {
            return error(service, 400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        return switch (action) {
            case "EnableImageDeprecation" -> enableDeprecation(params, authorization);
            case "DisableImageDeprecation" -> disableDeprecation(params, authorization);
            case "StartInstanceRefresh" -> startRefresh(params, authorization);
            case "DescribeInstanceRefreshes" -> describeRefreshes(params, authorization);
            case "CancelInstanceRefresh" -> cancelRefresh(params);
            default -> {
                Answer forwarded = forward(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders(), body);
                yield action.equals("DescribeImages") ? withDeprecations(forwarded) : forwarded;
            }
        };
    }

    // ---- image deprecation

    private Answer enableDeprecation(Map<String, String> params, String authorization)
            throws IOException, InterruptedException {
        String imageId = params.get("ImageId");
        Answer found = imageExists(imageId, authorization);
        if (found.status != 200) {
            return found;
        }
        deprecations.put(imageId, Instant.parse(params.get("DeprecateAt")));
        return ec2Ok("EnableImageDeprecation");
    }

    private Answer disableDeprecation(Map<String, String> params, String authorization)
            throws IOException, InterruptedException {
        String imageId = params.get("ImageId");
        Answer found = imageExists(imageId, authorization);
        if (found.status != 200) {
            return found;
        }
        deprecations.remove(imageId);
        return ec2Ok("DisableImageDeprecation");
    }

    private Answer imageExists(String imageId, String authorization) throws IOException, InterruptedException {
        return moto(authorization, Map.of("Action", "DescribeImages", "Version", "2016-11-15", "ImageId.1", imageId));
    }

    private static Answer ec2Ok(String action) {
        return new Answer(200, Map.of("Content-Type", "text/xml"), "<" + action + "Response xmlns=\"" + EC2_NAMESPACE
                + "\"><requestId>" + UUID.randomUUID() + "</requestId><return>true</return></" + action + "Response>");
    }

    private Answer withDeprecations(Answer images) {
        String body = images.body;
        for (Map.Entry<String, Instant> deprecated : deprecations.entrySet()) {
            body = body.replace("<imageId>" + deprecated.getKey() + "</imageId>", "<imageId>" + deprecated.getKey()
                    + "</imageId><deprecationTime>" + deprecated.getValue() + "</deprecationTime>");
        }
        return new Answer(images.status, images.headers, body);
    }

    // ---- instance refresh

    private Answer startRefresh(Map<String, String> params, String authorization)
            throws IOException, InterruptedException {
        String group = params.get("AutoScalingGroupName");
        List<String> instances = groupInstances(group, authorization);
        if (instances == null) {
            return error("autoscaling", 400, "ValidationError", "AutoScalingGroup name not found - " + group);
        }
        synchronized (refreshes) {
            if (refreshes.values().stream().anyMatch(refresh -> refresh.group.equals(group) && refresh.active())) {
                return error("autoscaling", 400, "InstanceRefreshInProgress",
                        "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.");
            }
            int minHealthy = Integer.parseInt(params.getOrDefault("Preferences.MinHealthyPercentage", "90"));
            int batch = Math.max(1, instances.size() * (100 - minHealthy) / 100);
            Refresh refresh = new Refresh(UUID.randomUUID().toString(), group, new ArrayList<>(instances), batch,
                    Instant.now());
            refreshes.put(refresh.id, refresh);
            return autoScalingOk("StartInstanceRefresh", "<InstanceRefreshId>" + refresh.id + "</InstanceRefreshId>");
        }
    }

    /** Each describe of an active refresh replaces its next batch, the way a refresh progresses over time. */
    private Answer describeRefreshes(Map<String, String> params, String authorization)
            throws IOException, InterruptedException {
        String group = params.get("AutoScalingGroupName");
        StringBuilder members = new StringBuilder();
        synchronized (refreshes) {
            for (Refresh refresh : refreshes.values()) {
                if (!refresh.group.equals(group) || !wanted(params, refresh.id)) {
                    continue;
                }
                if (refresh.active()) {
                    advance(refresh, authorization);
                }
                members.append("<member><InstanceRefreshId>").append(refresh.id).append("</InstanceRefreshId>")
                        .append("<AutoScalingGroupName>").append(group).append("</AutoScalingGroupName>")
                        .append("<Status>").append(refresh.status).append("</Status>")
                        .append("<PercentageComplete>").append(refresh.percent()).append("</PercentageComplete>")
                        .append("<InstancesToUpdate>").append(refresh.remaining.size()).append("</InstancesToUpdate>")
                        .append("<StartTime>").append(refresh.started).append("</StartTime></member>");
            }
        }
        return autoScalingOk("DescribeInstanceRefreshes", "<InstanceRefreshes>" + members + "</InstanceRefreshes>");
    }

    private static boolean wanted(Map<String, String> params, String id) {
        boolean filtered = params.keySet().stream().anyMatch(key -> key.startsWith("InstanceRefreshIds.member."));
        return !filtered || params.entrySet().stream()
                .anyMatch(entry -> entry.getKey().startsWith("InstanceRefreshIds.member.") && entry.getValue().equals(id));
    }

    private void advance(Refresh refresh, String authorization) throws IOException, InterruptedException {
        refresh.status = "InProgress";
        for (int i = 0; i < refresh.batch && !refresh.remaining.isEmpty(); i++) {
            String instanceId = refresh.remaining.remove(0);
            moto(authorization, Map.of("Action", "TerminateInstanceInAutoScalingGroup", "Version", "2011-01-01",
                    "InstanceId", instanceId, "ShouldDecrementDesiredCapacity", "false"));
        }
        if (refresh.remaining.isEmpty()) {
            refresh.status = "Successful";
        }
    }

    private Answer cancelRefresh(Map<String, String> params) {
        String group = params.get("AutoScalingGroupName");
        synchronized (refreshes) {
            for (Refresh refresh : refreshes.values()) {
                if (refresh.group.equals(group) && refresh.active()) {
                    refresh.status = "Cancelled";
                    return autoScalingOk("CancelInstanceRefresh",
                            "<InstanceRefreshId>" + refresh.id + "</InstanceRefreshId>");
                }
            }
        }
        return error("autoscaling", 400, "ActiveInstanceRefreshNotFound",
                "No in progress or pending Instance Refresh found for Auto Scaling group " + group);
    }

    /** The group's instance ids as moto has them; null when moto has no such group. */
    private List<String> groupInstances(String group, String authorization) throws IOException, InterruptedException {
        Answer described = moto(authorization, Map.of("Action", "DescribeAutoScalingGroups", "Version", "2011-01-01",
                "AutoScalingGroupNames.member.1", group));
        if (described.status != 200 || !described.body.contains("<AutoScalingGroupName>" + group + "<")) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        Matcher matcher = INSTANCE_ID.matcher(described.body);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    private static Answer autoScalingOk(String action, String result) {
        return new Answer(200, Map.of("Content-Type", "text/xml"), "<" + action + "Response xmlns=\""
                + AUTOSCALING_NAMESPACE + "\"><" + action + "Result>" + result + "</" + action + "Result>"
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action
                + "Response>");
    }

    // ---- wire

    /** An AWS error as the service sends it: EC2's own query format, or awsQuery for the other services. */
    private static Answer error(String service, int status, String code, String message) {
        String requestId = UUID.randomUUID().toString();
        String body = service.equals("ec2")
                ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code + "</Code><Message>"
                        + escape(message) + "</Message></Error></Errors><RequestID>" + requestId
                        + "</RequestID></Response>"
                : "<ErrorResponse xmlns=\"https://" + service + ".amazonaws.com/doc/\"><Error><Type>"
                        + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + code + "</Code><Message>"
                        + escape(message) + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
        return new Answer(status, Map.of("Content-Type", "text/xml", "x-amzn-RequestId", requestId), body);
    }

    /** A call of the proxy's own to moto, in the caller's region (moto reads it from the Authorization header). */
    private Answer moto(String authorization, Map<String, String> params) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder();
        params.forEach((key, value) -> form.append(form.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(target.resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", authorization == null ? "" : authorization)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Map.of(), response.body());
    }

    private Answer forward(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!UNFORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> answerHeaders = new HashMap<>();
        response.headers().firstValue("Content-Type").ifPresent(type -> answerHeaders.put("Content-Type", type));
        response.headers().firstValue("x-amzn-RequestId").ifPresent(id -> answerHeaders.put("x-amzn-RequestId", id));
        return new Answer(response.statusCode(), answerHeaders, response.body());
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private record Fault(AtomicInteger remaining, int status, String code, String message) {
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private static final class Refresh {
        final String id;
        final String group;
        final List<String> remaining;
        final int total;
        final int batch;
        final Instant started;
        String status = "Pending";

        Refresh(String id, String group, List<String> instances, int batch, Instant started) {
            this.id = id;
            this.group = group;
            this.remaining = instances;
            this.total = instances.size();
            this.batch = batch;
            this.started = started;
        }

        boolean active() {
            return status.equals("Pending") || status.equals("InProgress");
        }

        int percent() {
            return total == 0 ? 100 : (total - remaining.size()) * 100 / total;
        }
    }
}
