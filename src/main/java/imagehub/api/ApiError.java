package imagehub.api;

/** The Scalr APIv2 error codes Imagehub answers with, each with its HTTP status. */
public enum ApiError {
    INVALID_STRUCTURE(400, "InvalidStructure"),
    INVALID_VALUE(400, "InvalidValue"),
    BAD_REQUEST(400, "BadRequest"),
    BAD_AUTHENTICATION(401, "BadAuthentication"),
    PERMISSION_VIOLATION(403, "PermissionViolation"),
    SCOPE_VIOLATION(403, "ScopeViolation"),
    OBJECT_NOT_FOUND(404, "ObjectNotFound"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed"),
    NOT_ACCEPTABLE(406, "NotAcceptable"),
    UNICITY_VIOLATION(409, "UnicityViolation"),
    OBJECT_IN_USE(409, "ObjectInUse"),
    OPERATING_SYSTEM_MISMATCH(409, "OperatingSystemMismatch"),
    /** Imagehub's own: a replacement that was rolled back already, or whose roles changed since. */
    ROLLBACK_REFUSED(409, "RollbackRefused"),
    UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaType"),
    INTERNAL_ERROR(500, "InternalError"),
    /** Imagehub's own: a cloud refused or failed a call; the message says which and why. */
    CLOUD_PROVIDER_ERROR(502, "CloudProviderError"),
    /** Imagehub's own: the database is not reachable now; the request may be sent again later. */
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable");

    private final int status;
    private final String code;

    ApiError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
