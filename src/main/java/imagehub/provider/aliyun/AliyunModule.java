package imagehub.provider.aliyun;

import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import imagehub.catalog.Platform;
import imagehub.provider.CloudCredentials;
import imagehub.provider.CloudModule;
import imagehub.provider.CloudProvider;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Alibaba Cloud ECS: its public regions, {@code m-} image ids, providers on the ECS V2 SDK and ESS RPC calls.
 * The stored AccessKey signs every call, or, with a RAM role ARN, the role's temporary key from STS AssumeRole.
 * A credentials endpoint (private endpoints, emulators) replaces the public ECS, ESS and STS endpoints alike:
 * {@code http://host:port} speaks plain HTTP, anything else HTTPS.
 */
public final class AliyunModule implements CloudModule {
    /** Regions whose ESS answers on the central endpoint; the others on ess.<region>.aliyuncs.com. */
    private static final Set<String> CENTRAL_ESS = Set.of("cn-qingdao", "cn-beijing", "cn-hangzhou", "cn-shanghai",
            "cn-shenzhen", "cn-hongkong", "ap-southeast-1", "us-east-1", "us-west-1");
    private static final int THROTTLE_ATTEMPTS = 4;
    private static final long BACKOFF_MILLIS = 200;
    public static final List<String> REGIONS = List.of(
            "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu",
            "cn-hangzhou", "cn-shanghai", "cn-nanjing", "cn-fuzhou", "cn-shenzhen", "cn-heyuan", "cn-guangzhou",
            "cn-chengdu", "cn-wuhan-lr", "cn-hongkong",
            "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5",
            "ap-southeast-6", "ap-southeast-7",
            "us-east-1", "us-west-1", "na-south-1", "eu-central-1", "eu-west-1", "me-east-1", "me-central-1");
    public static final Pattern IMAGE_ID = Pattern.compile("^m-[0-9a-z]{1,60}$");
    private static final Traits TRAITS = new Traits(Platform.ALIYUN, REGIONS, IMAGE_ID,
            "m- and lower-case letters and digits, e.g. m-bp1g7004ksh0oeuc9lbb", true);

    private final Duration connectTimeout;
    private final Duration readTimeout;

    public AliyunModule() {
        this(Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    /** A module whose calls wait at most these times (tests shorten them). */
    public AliyunModule(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public Traits traits() {
        return TRAITS;
    }

    @Override
    public CloudProvider connect(CloudCredentials credentials, String region) {
        if (credentials == null || blank(credentials.accessKeyId()) || blank(credentials.secret())) {
            throw new ProviderException(Kind.AUTH_FAILED, "Alibaba Cloud needs an AccessKey ID and secret");
        }
        if (!hasRegion(region)) {
            throw new ProviderException(Kind.INVALID, "Alibaba Cloud has no region " + region);
        }
        RuntimeOptions runtime = new RuntimeOptions().setAutoretry(false).setMaxAttempts(1)
                .setConnectTimeout(millis(connectTimeout)).setReadTimeout(millis(readTimeout));
        int timeoutSeconds = (int) Math.max(1, readTimeout.toSeconds());
        try {
            Endpoint endpoint = Endpoint.of(credentials.endpoint());
            com.aliyun.credentials.Client signer = blank(credentials.roleArn()) ? null : new com.aliyun.credentials.Client(new AliyunRoleCredentials(
                    new com.aliyun.teaopenapi.Client(config(credentials, null, region, endpoint, "sts.aliyuncs.com")),
                    credentials.roleArn(), runtime, timeoutSeconds));
            com.aliyun.teaopenapi.Client ess = new com.aliyun.teaopenapi.Client(
                    config(credentials, signer, region, endpoint,
                            CENTRAL_ESS.contains(region) ? "ess.aliyuncs.com" : "ess." + region + ".aliyuncs.com"));
            // One ECS client per region: CopyImage is asked of the source region.
            Map<String, com.aliyun.ecs20140526.Client> ecs = new ConcurrentHashMap<>();
            ecs.put(region, ecsClient(credentials, signer, region, endpoint));
            return new AliyunProvider(region, r -> ecs.computeIfAbsent(r, key -> ecsClient(credentials, signer, key,
                    endpoint)), ess, runtime, new AliyunProvider.Settings(timeoutSeconds, THROTTLE_ATTEMPTS,
                    BACKOFF_MILLIS));
        } catch (ProviderException e) {
            throw e;
        } catch (Exception e) {
            throw new ProviderException(Kind.INVALID, "The Alibaba Cloud credentials cannot be used: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private com.aliyun.ecs20140526.Client ecsClient(CloudCredentials credentials, com.aliyun.credentials.Client signer,
            String region, Endpoint endpoint) {
        try {
            // Without an endpoint the ECS client picks the region's public one itself.
            return new com.aliyun.ecs20140526.Client(config(credentials, signer, region, endpoint, null));
        } catch (Exception e) {
            throw new ProviderException(Kind.INVALID, "The Alibaba Cloud ECS client cannot be built for " + region
                    + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private Config config(CloudCredentials credentials, com.aliyun.credentials.Client signer, String region,
            Endpoint endpoint, String publicHost) {
        Config config = new Config().setRegionId(region).setConnectTimeout(millis(connectTimeout))
                .setReadTimeout(millis(readTimeout));
        if (signer != null) {
            config.setCredential(signer);
        } else {
            config.setAccessKeyId(credentials.accessKeyId()).setAccessKeySecret(credentials.secret());
        }
        if (endpoint != null) {
            config.setEndpoint(endpoint.host()).setProtocol(endpoint.protocol());
        } else if (publicHost != null) {
            config.setEndpoint(publicHost).setProtocol("HTTPS");
        }
        return config;
    }

    /** A base URL given with the credentials: host[:port] and the protocol the SDK should speak to it. */
    private record Endpoint(String host, String protocol) {
        static Endpoint of(String url) {
            if (blank(url)) {
                return null;
            }
            String text = url.strip();
            URI uri;
            try {
                uri = URI.create(text.contains("://") ? text : "https://" + text);
            } catch (IllegalArgumentException e) {
                throw new ProviderException(Kind.INVALID, "The endpoint " + text + " is not a URL", e);
            }
            if (uri.getHost() == null) {
                throw new ProviderException(Kind.INVALID, "The endpoint " + text + " is not a URL with a host");
            }
            String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
            return new Endpoint(host, "http".equalsIgnoreCase(uri.getScheme()) ? "HTTP" : "HTTPS");
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
