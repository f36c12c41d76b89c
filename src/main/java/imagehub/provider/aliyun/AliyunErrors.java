package imagehub.provider.aliyun;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaRetryableException;
import com.aliyun.tea.TeaUnretryableException;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import java.io.IOException;
import java.util.Map;

/**
 * The one place where Alibaba Cloud errors become {@link ProviderException}s: by the error code Alibaba answers
 * (as the V2 SDK carries it in a {@link TeaException}), or by the failure under the SDK (a timeout, a refused
 * connection). Messages say which call failed and why, name the missing RAM action when Alibaba says it, and never
 * hold a secret: they are built from the action, the code and Alibaba's own message only.
 */
final class AliyunErrors {

    private AliyunErrors() {
    }

    /** Whether the SDK may be called again after this error (a throttled call changed nothing). */
    static boolean throttled(Throwable error) {
        return error instanceof TeaException tea && hasCode(tea) && tea.getCode().startsWith("Throttling")
                || error instanceof ProviderException provider && provider.kind() == Kind.THROTTLED;
    }

    /**
     * @param ramAction the RAM action of the call, e.g. {@code ecs:DescribeImages}
     * @param timeoutSeconds the read timeout, to say how long Imagehub waited
     */
    static ProviderException translate(String ramAction, Throwable error, int timeoutSeconds) {
        if (error instanceof ProviderException provider) {
            return provider;
        }
        if (error instanceof TeaException tea && hasCode(tea)) {
            return fromCode(ramAction, tea);
        }
        if (ioFailure(error)) {
            return new ProviderException(Kind.UNAVAILABLE, "Alibaba Cloud did not answer " + ramAction + " within "
                    + timeoutSeconds + " s or could not be reached", error);
        }
        return new ProviderException(Kind.UNAVAILABLE,
                "Alibaba Cloud answered " + ramAction + " with something Imagehub cannot read", error);
    }

    private static ProviderException fromCode(String ramAction, TeaException tea) {
        String code = tea.getCode();
        String said = cloudMessage(tea);
        if (code.startsWith("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")
                || code.equals("IncompleteSignature") || code.startsWith("InvalidSecurityToken")
                || code.equals("InvalidAccessKeySecret")) {
            return new ProviderException(Kind.AUTH_FAILED, "Alibaba Cloud refused the credentials for " + ramAction
                    + " (" + code + "): check the AccessKey ID and secret, and that the key is enabled", tea);
        }
        if (code.startsWith("Forbidden") || code.equals("NoPermission") || code.startsWith("NoPermission.")) {
            String action = deniedAction(tea, ramAction);
            return new ProviderException(Kind.ACCESS_DENIED, "Access denied: the RAM policy lacks " + action
                    + " (" + code + ")", tea);
        }
        if (code.startsWith("Throttling")) {
            return new ProviderException(Kind.THROTTLED, "Alibaba Cloud throttled " + ramAction
                    + " past Imagehub's retries (" + code + "); try again in a minute", tea);
        }
        if (code.endsWith(".NotFound") || code.endsWith("NotFound")) {
            return new ProviderException(Kind.NOT_FOUND, "Not found in Alibaba Cloud: " + said + " (" + code + ")", tea);
        }
        Integer status = tea.getStatusCode();
        if (code.equals("ServiceUnavailable") || code.startsWith("InternalError") || code.equals("UnknownError")
                || (status != null && status >= 500)) {
            return new ProviderException(Kind.UNAVAILABLE, "Alibaba Cloud failed on its side during " + ramAction
                    + " (" + code + "); try again later", tea);
        }
        return new ProviderException(Kind.INVALID, "Alibaba Cloud refused " + ramAction + ": " + said
                + " (" + code + ")", tea);
    }

    /** The action Alibaba names in AccessDeniedDetail (or in its message), else the action called. */
    private static String deniedAction(TeaException tea, String ramAction) {
        Map<String, Object> detail = tea.getAccessDeniedDetail();
        if (detail != null && detail.get("AuthAction") instanceof String action && !action.isBlank()) {
            return action;
        }
        return ramAction;
    }

    /** Alibaba's own words: the Message field of the error body, without the SDK's request-id decoration. */
    private static String cloudMessage(TeaException tea) {
        Map<String, Object> data = tea.getData();
        if (data != null && data.get("Message") instanceof String message && !message.isBlank()) {
            return message.strip();
        }
        return tea.getCode();
    }

    /** The SDK writes a missing code as the text "null". */
    private static boolean hasCode(TeaException tea) {
        return tea.getCode() != null && !tea.getCode().isBlank() && !tea.getCode().equals("null");
    }

    private static boolean ioFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TeaRetryableException
                    || cause instanceof TeaUnretryableException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
