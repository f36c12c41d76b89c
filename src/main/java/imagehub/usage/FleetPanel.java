package imagehub.usage;

import gg.jte.Content;
import imagehub.access.Viewer;
import imagehub.scope.DashboardPanel;
import imagehub.core.ScopeRef;
import imagehub.web.Templates;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The fleet freshness of a scope, its farms on old images and its images deprecating soon, on its dashboard. */
public final class FleetPanel implements DashboardPanel {
    public static final String TEMPLATE = "usage/fleet.jte";

    private final UsageService usage;
    private final Templates templates;

    public FleetPanel(UsageService usage, Templates templates) {
        this.usage = usage;
        this.templates = templates;
    }

    public record Model(ScopeRef scope, FleetSummary fleet, FreshnessChart chart) {
        /** The usage explorer of this scope, with {@code query} (may be empty). */
        public String usageLink(String query) {
            return scope.path() + UsageRoutes.PATH + (query.isEmpty() ? "" : "?" + query);
        }
    }

    @Override
    public Content render(Viewer viewer, ScopeRef scope) {
        FleetSummary fleet = usage.summary(viewer, scope);
        FreshnessChart chart = FreshnessChart.of(FreshnessRoutes.CHART_ID, fleet.freshness(), LocalDate.now(ZoneOffset.UTC),
                UsageService.SERIES_DAYS, FreshnessRoutes.CAPTION);
        return templates.fragment(TEMPLATE, new Model(scope, fleet, chart));
    }
}
