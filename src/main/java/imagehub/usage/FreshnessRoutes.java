package imagehub.usage;

import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.farm.Farm;
import imagehub.farm.FarmRoutes;
import imagehub.farm.FarmService;
import imagehub.web.Auth;
import imagehub.web.ScopedRoutes;
import imagehub.web.Templates;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The freshness chart of one farm, a fragment the farm page loads into its freshness card. */
public final class FreshnessRoutes {
    public static final String CAPTION = "Share of servers on their role's current image, per day, over the last "
            + UsageService.SERIES_DAYS + " days";
    static final String CHART_TEMPLATE = "usage/chart.jte";
    /** The DOM ids of the dashboard's and the farm page's charts. */
    public static final String CHART_ID = "freshness-chart";
    public static final String FARM_CHART_ID = "farm-freshness-chart";

    private final UsageService usage;
    private final FarmService farms;
    private final Templates templates;

    public FreshnessRoutes(UsageService usage, FarmService farms, Templates templates) {
        this.usage = usage;
        this.farms = farms;
        this.templates = templates;
    }

    /** Below a farm's page: its chart. */
    static final String FARM_CHART = "/freshness";

    public static String farmChartPath(long envId, long farmId) {
        return ScopeRef.environment(envId).path() + FarmRoutes.PATH + "/" + farmId + FARM_CHART;
    }

    public void register(JavalinDefaultRoutingApi router) {
        router.get("/envs/{envId}" + FarmRoutes.PATH + "/{farmId}" + FARM_CHART, ctx -> {
            Viewer viewer = Auth.viewer(ctx);
            ScopeRef env = ScopedRoutes.scope(ctx);
            // A farm out of reach, or of another environment than the URL's, is not found, like a missing one.
            Farm farm = farms.get(viewer, ScopedRoutes.id(ctx, "farmId"));
            if (farm.envId() != env.id()) {
                throw new NotFoundException("Farm " + farm.id());
            }
            FreshnessChart chart = FreshnessChart.of(FARM_CHART_ID, usage.farmFreshness(viewer, env, farm.id()),
                    LocalDate.now(ZoneOffset.UTC), UsageService.SERIES_DAYS, CAPTION + " in farm " + farm.name());
            ctx.header("Vary", "HX-Request");
            ctx.html(templates.render(CHART_TEMPLATE, chart));
        });
    }
}
