package imagehub.provider.ec2;

import imagehub.catalog.Platform;
import imagehub.provider.CloudCredentials;
import imagehub.provider.CloudModule;
import imagehub.provider.CloudProvider;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** Amazon EC2: its public regions, {@code ami-} image ids, providers on the AWS SDK for Java v2. */
public final class Ec2Module implements CloudModule {
    public static final List<String> REGIONS = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1",
            "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
            "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ap-southeast-6", "ap-southeast-7",
            "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
            "eu-west-1", "eu-west-2", "eu-west-3",
            "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1");
    public static final Pattern IMAGE_ID = Pattern.compile("^ami-([0-9a-f]{8}|[0-9a-f]{17})$");
    private static final Traits TRAITS = new Traits(Platform.EC2, REGIONS, IMAGE_ID,
            "ami- and 8 or 17 lower-case hex digits, e.g. ami-0abc1234", true);

    /**
     * How long a call may take: {@code connect} to open a connection, {@code attempt} for one try (also the socket
     * read timeout), {@code call} for the whole call with the SDK's retries.
     */
    public record Timeouts(Duration connect, Duration attempt, Duration call) {
        /** Bounded enough for a web request that checks an image, patient enough for a slow region. */
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(45));
    }

    /**
     * Times the SDK's call and attempt timeouts for every client of the module: each client would otherwise start
     * threads of its own, kept alive by providers {@link imagehub.provider.Clouds} no longer holds.
     */
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "aws-sdk-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    private final Timeouts timeouts;
    private final Clock clock;

    public Ec2Module() {
        this(Timeouts.DEFAULT, Clock.systemUTC());
    }

    public Ec2Module(Timeouts timeouts, Clock clock) {
        this.timeouts = timeouts;
        this.clock = clock;
    }

    @Override
    public Traits traits() {
        return TRAITS;
    }

    /**
     * Clients for the region with the credentials' static keys, or the role they assume (STS AssumeRole, refreshed
     * by the SDK before the session expires), against the credentials' endpoint when set. Makes no call.
     */
    @Override
    public CloudProvider connect(CloudCredentials credentials, String region) {
        if (credentials == null) {
            throw new ProviderException(Kind.AUTH_FAILED, "AWS needs cloud credentials");
        }
        if (!hasRegion(region)) {
            throw new ProviderException(Kind.INVALID, "AWS has no region " + region);
        }
        URI endpoint = endpoint(credentials.endpoint());
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(timeouts.connect())
                .socketTimeout(timeouts.attempt())
                .build();
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(timeouts.call())
                .apiCallAttemptTimeout(timeouts.attempt())
                .retryStrategy(RetryMode.STANDARD)
                .scheduledExecutorService(TIMERS)
                .build();
        AwsCredentialsProvider keys = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secret()));
        AwsCredentialsProvider acting = keys;
        if (credentials.roleArn() != null && !credentials.roleArn().isBlank()) {
            StsClient assuming = configure(StsClient.builder(), http, override, keys, region, endpoint).build();
            acting = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(assuming)
                    .refreshRequest(request -> request.roleArn(credentials.roleArn()).roleSessionName("imagehub"))
                    .build();
        }
        return new Ec2Provider(region,
                configure(Ec2Client.builder(), http, override, acting, region, endpoint).build(),
                configure(AutoScalingClient.builder(), http, override, acting, region, endpoint).build(),
                configure(StsClient.builder(), http, override, acting, region, endpoint).build(),
                clock);
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, SdkHttpClient http,
            ClientOverrideConfiguration override, AwsCredentialsProvider credentials, String region, URI endpoint) {
        builder.region(Region.of(region)).credentialsProvider(credentials).overrideConfiguration(override);
        if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private static URI endpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(endpoint.trim());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(endpoint, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ProviderException(Kind.INVALID, "The endpoint " + endpoint + " is not an http(s) URL");
        }
    }
}
