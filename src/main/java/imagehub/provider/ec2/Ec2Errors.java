package imagehub.provider.ec2;

import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place that turns AWS SDK errors into {@link ProviderException}s. Messages name the call (and the missing
 * permission when AWS says it) in plain words; they never carry AWS's own text for credential errors (which can echo
 * request details), the SDK's stack or anything secret. The SDK error itself goes to the debug log only.
 */
final class Ec2Errors {
    private static final Logger log = LoggerFactory.getLogger(Ec2Errors.class);

    private static final Set<String> AUTH_FAILED = Set.of("AuthFailure", "InvalidClientTokenId",
            "SignatureDoesNotMatch", "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException",
            "IncompleteSignature", "InvalidAccessKeyId", "InvalidToken", "MissingAuthenticationToken");
    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "SlowDown");
    private static final Set<String> UNSUPPORTED = Set.of("InvalidAction", "UnsupportedOperation",
            "UnsupportedOperationException", "NotImplemented", "UnknownOperationException");
    /** AWS names the denied action in its message: "… is not authorized to perform: ec2:DescribeImages …". */
    private static final Pattern DENIED_ACTION = Pattern.compile("perform: ([a-z0-9-]+:[A-Za-z0-9]+)");
    /** AWS's message for an invalid request is worth showing, but never unbounded. */
    private static final int MAX_MESSAGE = 300;

    private Ec2Errors() {
    }

    /**
     * What {@code error}, raised by {@code service}'s {@code action} (e.g. "ec2", "DescribeImages") in
     * {@code region}, means for the people acting on it.
     */
    static ProviderException translate(String service, String action, String region, SdkException error) {
        log.debug("AWS {}:{} in {} failed", service, action, region, error);
        AwsServiceException aws = serviceError(error);
        if (aws == null) {
            if (timedOut(error)) {
                return new ProviderException(Kind.UNAVAILABLE, "AWS did not answer " + action + " in " + region
                        + " in time", error);
            }
            return new ProviderException(Kind.UNAVAILABLE, "AWS could not be reached for " + action + " in " + region
                    + " (" + rootCause(error) + ")", error);
        }
        String code = aws.awsErrorDetails() == null || aws.awsErrorDetails().errorCode() == null ? ""
                : aws.awsErrorDetails().errorCode();
        String message = aws.awsErrorDetails() == null || aws.awsErrorDetails().errorMessage() == null ? ""
                : aws.awsErrorDetails().errorMessage();
        if (AUTH_FAILED.contains(code)) {
            return new ProviderException(Kind.AUTH_FAILED, "AWS did not accept the credentials (" + code
                    + "): check the access key id and secret, and that the key is active", error);
        }
        if (code.equals("UnauthorizedOperation") || code.startsWith("AccessDenied")) {
            return new ProviderException(Kind.ACCESS_DENIED, deniedAction(service, action, message)
                    + " is not allowed for these credentials", error);
        }
        if (code.contains("NotFound") || code.startsWith("InvalidAMIID.")) {
            return new ProviderException(Kind.NOT_FOUND, action + " in " + region + ": " + shorten(message, code),
                    error);
        }
        if (THROTTLED.contains(code) || aws.isThrottlingException()) {
            return new ProviderException(Kind.THROTTLED, "AWS kept throttling " + action + " in " + region
                    + "; try again in a minute", error);
        }
        if (UNSUPPORTED.contains(code) || aws.statusCode() == 501) {
            return new ProviderException(Kind.UNSUPPORTED, action + " is not supported by this endpoint", error);
        }
        if (aws.statusCode() >= 500) {
            return new ProviderException(Kind.UNAVAILABLE, "AWS failed " + action + " in " + region + " on its side ("
                    + (code.isEmpty() ? "HTTP " + aws.statusCode() : code) + ")", error);
        }
        return new ProviderException(Kind.INVALID, "AWS refused " + action + " in " + region + ": "
                + shorten(message, code), error);
    }

    /** The service error behind {@code error}: credential providers (AssumeRole) wrap theirs in client errors. */
    private static AwsServiceException serviceError(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AwsServiceException aws) {
                return aws;
            }
        }
        return null;
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException
                    || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }

    private static String deniedAction(String service, String action, String message) {
        Matcher named = DENIED_ACTION.matcher(message);
        return named.find() ? named.group(1) : service + ":" + action;
    }

    private static String shorten(String message, String code) {
        String text = message.isBlank() ? code : message;
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }
}
