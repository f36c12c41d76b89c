package imagehub.provider.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaRetryableException;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alibaba's error codes, as the SDK carries them, become the kinds people act on. */
class AliyunErrorsTest {

    private static ProviderException translate(String code, int status) {
        TeaException error = new TeaException(Map.of("code", code, "message", "code: " + status + ", said",
                "data", Map.of("Code", code, "Message", "Alibaba says so", "statusCode", status)));
        return AliyunErrors.translate("ecs:DescribeImages", error, 20);
    }

    @Test
    void codes_map_to_kinds() {
        Map<String, Kind> expected = Map.ofEntries(
                Map.entry("InvalidAccessKeyId.NotFound", Kind.AUTH_FAILED),
                Map.entry("InvalidAccessKeyId.Inactive", Kind.AUTH_FAILED),
                Map.entry("SignatureDoesNotMatch", Kind.AUTH_FAILED),
                Map.entry("IncompleteSignature", Kind.AUTH_FAILED),
                Map.entry("InvalidSecurityToken.Expired", Kind.AUTH_FAILED),
                Map.entry("Forbidden.RAM", Kind.ACCESS_DENIED),
                Map.entry("Forbidden", Kind.ACCESS_DENIED),
                Map.entry("NoPermission", Kind.ACCESS_DENIED),
                Map.entry("InvalidImageId.NotFound", Kind.NOT_FOUND),
                Map.entry("InvalidScalingGroupId.NotFound", Kind.NOT_FOUND),
                Map.entry("Throttling", Kind.THROTTLED),
                Map.entry("Throttling.User", Kind.THROTTLED),
                Map.entry("Throttling.Api", Kind.THROTTLED),
                Map.entry("ServiceUnavailable", Kind.UNAVAILABLE),
                Map.entry("InternalError", Kind.UNAVAILABLE),
                Map.entry("IncorrectImageStatus", Kind.INVALID),
                Map.entry("InvalidParameter", Kind.INVALID));
        expected.forEach((code, kind) -> assertEquals(kind, translate(code, 400).kind(), code));
        assertEquals(Kind.UNAVAILABLE, translate("SomethingNew", 503).kind());
        assertTrue(translate("IncorrectImageStatus", 400).getMessage().contains("Alibaba says so"));
    }

    @Test
    void access_denied_names_the_action_alibaba_names() {
        TeaException error = new TeaException(Map.of("code", "NoPermission", "statusCode", 403,
                "accessDeniedDetail", Map.of("AuthAction", "ess:DescribeScalingGroups")));

        ProviderException translated = AliyunErrors.translate("ess:DescribeScalingGroups", error, 20);

        assertEquals(Kind.ACCESS_DENIED, translated.kind());
        assertTrue(translated.getMessage().contains("ess:DescribeScalingGroups"), translated.getMessage());
    }

    @Test
    void timeouts_and_unreadable_answers_are_unavailable() {
        ProviderException timeout = AliyunErrors.translate("ecs:DescribeInstances",
                new TeaRetryableException(new SocketTimeoutException("timeout")), 20);
        ProviderException unreadable = AliyunErrors.translate("ecs:DescribeInstances",
                new ClassCastException("not a map"), 20);

        assertEquals(Kind.UNAVAILABLE, timeout.kind());
        assertTrue(timeout.getMessage().contains("within 20 s"), timeout.getMessage());
        assertEquals(Kind.UNAVAILABLE, unreadable.kind());
        assertEquals(Kind.UNAVAILABLE, AliyunErrors.translate("ecs:DescribeInstances",
                new TeaException(Map.of("message", "no code")), 20).kind(), "a 4xx without a code is not INVALID");
        assertFalse(unreadable.getMessage().contains("not a map"));
    }

    @Test
    void only_throttling_is_retried() {
        assertTrue(AliyunErrors.throttled(new TeaException(Map.of("code", "Throttling.User"))));
        assertFalse(AliyunErrors.throttled(new TeaException(Map.of("code", "Forbidden.RAM"))));
        assertFalse(AliyunErrors.throttled(new TeaRetryableException(new SocketTimeoutException("timeout"))));
    }
}
