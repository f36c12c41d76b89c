package imagehub.provider.aliyun;

import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teautil.models.RuntimeOptions;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Acts as a RAM role: STS AssumeRole with the stored AccessKey, through the same endpoint and timeouts as every other
 * call (credentials-java's own role provider only speaks HTTPS to the public STS endpoint). The temporary key is
 * kept until five minutes before it expires, then assumed again.
 */
final class AliyunRoleCredentials implements AlibabaCloudCredentialsProvider {
    static final int DURATION_SECONDS = 3600;
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final Client sts;
    private final String roleArn;
    private final RuntimeOptions runtime;
    private final int timeoutSeconds;
    private CredentialModel current;

    AliyunRoleCredentials(Client sts, String roleArn, RuntimeOptions runtime, int timeoutSeconds) {
        this.sts = sts;
        this.roleArn = roleArn;
        this.runtime = runtime;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public synchronized CredentialModel getCredentials() {
        if (current == null || Instant.ofEpochMilli(current.getExpiration()).minus(RENEW_BEFORE).isBefore(Instant.now())) {
            current = assume();
        }
        return current;
    }

    private CredentialModel assume() {
        OpenApiRequest request = new OpenApiRequest().setQuery(Map.of("RoleArn", roleArn,
                "RoleSessionName", "imagehub", "DurationSeconds", String.valueOf(DURATION_SECONDS)));
        Map<String, ?> answer;
        try {
            answer = sts.callApi(AliyunProvider.rpc("AssumeRole", "2015-04-01"), request, runtime);
        } catch (Exception e) {
            ProviderException error = AliyunErrors.translate("sts:AssumeRole", e, timeoutSeconds);
            throw new ProviderException(error.kind(), "Assuming the RAM role " + roleArn + " failed: "
                    + error.getMessage(), e);
        }
        Map<?, ?> body = answer.get("body") instanceof Map<?, ?> b ? b : Map.of();
        Map<?, ?> credentials = body.get("Credentials") instanceof Map<?, ?> c ? c : Map.of();
        if (!(credentials.get("AccessKeyId") instanceof String keyId && credentials.get("AccessKeySecret") instanceof String secret
                && credentials.get("SecurityToken") instanceof String token)) {
            throw new ProviderException(Kind.UNAVAILABLE,
                    "Alibaba Cloud answered AssumeRole for " + roleArn + " without temporary credentials");
        }
        Instant expires = credentials.get("Expiration") instanceof String at ? AliyunProvider.instant(at) : null;
        return CredentialModel.builder().accessKeyId(keyId).accessKeySecret(secret).securityToken(token).type("sts")
                .expiration((expires != null ? expires : Instant.now().plusSeconds(DURATION_SECONDS)).toEpochMilli())
                .build();
    }
}
