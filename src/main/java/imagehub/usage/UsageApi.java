package imagehub.usage;

import imagehub.api.ApiCaller;
import imagehub.api.ApiError;
import imagehub.api.ApiException;
import imagehub.api.Envelope;
import imagehub.api.ListQuery;
import imagehub.api.spec.ApiRouter;
import imagehub.api.spec.Response;
import imagehub.api.spec.Route;
import imagehub.core.ValidationException;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Imagehub's usage explorer and fleet freshness in the API: {@code P/usage/servers/}, {@code P/usage/freshness/}. */
public final class UsageApi {
    public static final String SERVERS = "/usage/servers/";
    public static final String FRESHNESS = "/usage/freshness/";
    private static final Set<String> FILTERS = Set.of("imageState", "olderThanDays", "imageId", "farmId");

    private final UsageService usage;
    private final ApiCaller caller;

    public UsageApi(UsageService usage, ApiCaller caller) {
        this.usage = usage;
        this.caller = caller;
    }

    public record ImageRef(String id, String name) {
    }

    public record UsageServerBody(long id, String cloudServerId, long farmId, String farmName, String farmRoleAlias,
            long envId, String envName, String owner, ImageRef image, Instant imageAdded, boolean imageDeprecated,
            boolean imageSuperseded, String currentImageName, Instant launched) {
        static UsageServerBody of(UsageRow row) {
            return new UsageServerBody(row.serverId(), row.instanceId(), row.farmId(), row.farmName(), row.farmRoleAlias(),
                    row.envId(), row.envName(), row.ownerEmail(), new ImageRef(row.imageId(), row.imageName()),
                    row.imageCreatedAt(), row.deprecated(), row.superseded(), row.currentImageName(), row.launchedAt());
        }
    }

    public record ShareBody(long total, long fresh, double share) {
    }

    public record DayBody(LocalDate day, long total, long fresh, double share) {
    }

    public record FreshnessBody(ShareBody now, List<DayBody> series) {
    }

    public void register(ApiRouter api) {
        api.add(Route.get(SERVERS)
                        .describe(l -> "List the active servers of the " + l.word() + " with the state of their Image "
                                + "(Imagehub). Filters: imageState (deprecated or superseded), olderThanDays (Image "
                                + "created before), imageId, farmId. Unknown filters are refused.")
                        .answers(Response.list(UsageSchemas.USAGE_SERVER))
                        .filters(FILTERS), this::servers)
                .add(Route.get(FRESHNESS)
                        .describe(l -> "Fleet freshness of the " + l.word() + ": the share of active servers on their "
                                + "Role's current Image now, and the daily snapshots of the last 30 days (Imagehub).")
                        .answers(Response.one(UsageSchemas.FRESHNESS)),
                        (ctx, scope) -> {
                    ListQuery.of(ctx, Set.of());
                    Freshness freshness = usage.freshness(caller.viewer(ctx), scope);
                    Freshness.Share now = freshness.now();
                    Envelope.ok(ctx, new FreshnessBody(new ShareBody(now.total(), now.fresh(), now.share()),
                            freshness.series().stream()
                                    .map(d -> new DayBody(d.day(), d.total(), d.fresh(), d.share())).toList()));
                });
    }

    private void servers(Context ctx, ScopeRef scope) {
        ListQuery query = ListQuery.of(ctx, FILTERS);
        UsageFilter filter;
        try {
            filter = UsageFilter.of(query.filters());
        } catch (ValidationException invalid) {
            throw new ApiException(ApiError.INVALID_VALUE, invalid.getMessage());
        }
        UsageService.UsageList list = usage.servers(caller.viewer(ctx), scope, filter, query.pageNum(), query.maxResults());
        Envelope.list(ctx, query, list.rows().stream().map(UsageServerBody::of).toList(), list.total());
    }
}
