package imagehub.api.spec;

import static imagehub.api.spec.Schema.array;
import static imagehub.api.spec.Schema.ref;
import static imagehub.api.spec.Schema.string;

import imagehub.api.ApiError;
import imagehub.api.ApiLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every answer shares: meta, warnings, pagination, and the error answers every operation may give. */
public final class Envelopes {
    public static final Definition MESSAGE = Definition.of("ApiMessage", () -> Schema.properties()
            .prop("code", string().describe("A machine-readable representation of the message."))
            .prop("message", string().describe("A human-readable representation of the message.")));
    public static final Definition META = Definition.of("ApiMetaContainer", () -> Schema.properties()
            .prop("requestId", string().describe("The ID of this request, as logged by the server."))
            .prop("stringToSign", string().describe("With X-Scalr-Debug: 1, the string the server signed.")));
    public static final Definition PAGINATION = Definition.of("ApiPagination", () -> Schema.properties()
            .prop("first", string().ro()).prop("last", string().ro())
            .prop("next", string().ro()).prop("prev", string().ro()));
    public static final Definition ERROR = Definition.of("ApiErrorResponse", () -> Schema.properties()
            .describe("Common reponse for erroneous requests.")
            .prop("errors", messages())
            .prop("meta", ref(META).ro())
            .prop("warnings", messages()));

    private Envelopes() {
    }

    /** {@code ItemDetailsResponse}: {@code {meta, data: item, warnings}}. */
    static Definition details(Definition item) {
        return Definition.of(item.name() + "DetailsResponse", () -> Schema.properties()
                .prop("data", ref(item).ro())
                .prop("errors", messages())
                .prop("meta", ref(META).ro())
                .prop("warnings", messages())
                .with("x-derived", ref(item)));
    }

    /** {@code ItemListResponse}: {@code {meta, data: [item…], pagination?, warnings}}. */
    static Definition list(Definition item, boolean paginated) {
        return Definition.of(item.name() + "ListResponse", () -> {
            Schema envelope = Schema.properties()
                    .prop("data", array(ref(item)).ro())
                    .prop("errors", messages())
                    .prop("meta", ref(META).ro())
                    .prop("warnings", messages());
            return (paginated ? envelope.prop("pagination", ref(PAGINATION).ro()) : envelope).with("x-derived", ref(item));
        });
    }

    /** The error answers of every operation, with the codes each status carries. */
    static Map<String, Schema> errors() {
        Map<String, Schema> errors = new LinkedHashMap<>();
        errors.put("400", error("A client-side error was made.", List.of(
                "InvalidStructure", "The request was structurally incorrect, and was not understood by the API.",
                "InvalidValue", "The request was understood by the API, but included invalid data.",
                "BadRequest", "The request wasn't understood by the API.")));
        errors.put("401", error("The request was not authenticated.", List.of(
                "BadAuthentication", "The request was not properly authenticated.")));
        errors.put("403", error("Insufficient permissions.", List.of(
                "ScopeViolation", "This request should be made in a different Scope.",
                "PermissionViolation", "You do not have the necessary permissions to perform this request.")));
        errors.put("404", error("Resource not found.", List.of(
                "ObjectNotFound", "The object you are trying to access does not exist.")));
        errors.put("406", error("The request does not accept JSON, the only thing the API answers.", List.of(
                ApiError.NOT_ACCEPTABLE.code(), "Accept application/json (or */*).")));
        errors.put("409", error("Conflict with current state.", List.of(
                "ObjectInUse", "These changes aren't possible while this object is in use.",
                "UnicityViolation", "These changes would violate a unicity constraint.",
                "OperatingSystemMismatch", "The Operating System does not match.",
                "UnacceptableState", "The action can't be perfomed in the current object's state.",
                "ConcurrentChange", "A parallel change of the same objects won; read them again and retry.")));
        errors.put("413", error("The body is larger than the API accepts (" + ApiLimits.MAX_BODY_BYTES + " bytes).",
                List.of("RequestTooLarge", "The body is too large; nothing was read or written.")));
        errors.put("415", error("The body is not JSON.", List.of(
                ApiError.UNSUPPORTED_MEDIA_TYPE.code(), "Send the body as Content-Type: application/json.")));
        errors.put("500", error("A server-side error occured.", List.of()));
        errors.put("502", error("The cloud refused or failed a call; the message says which and why.", List.of(
                "CloudProviderError", "The cloud provider refused or failed the call.")));
        errors.put("503", error("The database is not reachable right now; retry later.", List.of(
                "ServiceUnavailable", "Imagehub cannot reach its database at the moment.")));
        return errors;
    }

    /** {@code codes}: name, description, name, description… */
    private static Schema error(String description, List<String> codes) {
        Schema error = Schema.properties().describe(description).with("schema", ref(ERROR));
        if (codes.isEmpty()) {
            return error;
        }
        List<Schema> named = new ArrayList<>();
        for (int i = 0; i < codes.size(); i += 2) {
            named.add(Schema.properties().describe(codes.get(i + 1)).with("name", codes.get(i)));
        }
        return error.with("x-errorCodes", List.copyOf(named));
    }

    private static Schema messages() {
        return array(ref(MESSAGE)).ro();
    }
}
