package imagehub.usage;

import imagehub.access.Viewer;
import imagehub.core.ValidationException;
import imagehub.core.ScopeRef;
import imagehub.picker.PickKind;
import imagehub.picker.PickOption;
import imagehub.picker.PickerService;
import imagehub.web.Auth;
import imagehub.web.Form;
import imagehub.web.Layout;
import imagehub.web.NavEntry;
import imagehub.web.ScopedRoutes;
import imagehub.web.Shell;
import imagehub.web.Templates;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The usage explorer of every scope ({@code {scope}/usage}) and its CSV export ({@code {scope}/usage.csv}). */
public final class UsageRoutes {
    public static final String PATH = "/usage";
    public static final NavEntry NAV = NavEntry.readers("Usage", PATH);
    static final String EXPLORER_TEMPLATE = "usage/explorer.jte";
    public static final String CSV = "/usage.csv";
    public static final int PAGE_SIZE = 25;
    public static final String FILTERS_ID = "usage-filters";
    public static final String FARMS_ID = "usage-farms";
    public static final String OWNERS_ID = "usage-owners";
    public static final String SERVERS_ID = "usage-servers";
    public static final List<String> CSV_HEADER = List.of("server_id", "instance_id", "farm_id", "farm", "farm_role",
            "env_id", "environment", "owner", "image_id", "image", "image_created", "deprecated", "superseded",
            "current_image", "launched");

    private final UsageService usage;
    private final PickerService pickers;
    private final Templates templates;
    private final Shell shell;

    public UsageRoutes(UsageService usage, PickerService pickers, Templates templates, Shell shell) {
        this.usage = usage;
        this.pickers = pickers;
        this.templates = templates;
        this.shell = shell;
    }

    /** Where the replace-servers operation of a farm starts (built in the farm feature): GET form, POST start. */
    public static String replaceServersPath(long envId, long farmId) {
        return ScopeRef.environment(envId).path() + "/farms/" + farmId + "/replace-servers";
    }

    public record ExplorerPage(Layout layout, ScopeRef scope, String scopeLabel, Form filters, UsageGroups groups,
            List<UsageRow> rows, int pageNum, long lastPage, String query, java.util.Set<Long> operableEnvs,
            PickOption image, PickOption farm) {
        public String path() {
            return scope.path() + PATH;
        }

        public String searchPath(PickKind kind) {
            return kind.searchPath(scope);
        }

        /** The explorer with the other filters, without {@code name}'s: what a filter's chip removes it with. */
        public String without(String name) {
            Map<String, String> params = new java.util.LinkedHashMap<>(filters.values());
            params.remove(name);
            return path() + (params.isEmpty() ? "" : "?" + encode(params));
        }

        public String csvLink() {
            return scope.path() + CSV + (query.isEmpty() ? "" : "?" + query);
        }

        public String pageLink(int page) {
            return path() + "?" + query + (query.isEmpty() ? "" : "&") + "page=" + page;
        }

        /** The explorer narrowed to one farm or one owner, keeping the other filters. */
        public String farmLink(UsageGroups.FarmGroup farm) {
            return link("farmId", String.valueOf(farm.farmId()));
        }

        public String ownerLink(UsageGroups.OwnerGroup owner) {
            return owner.ownerEmail() == null ? null : link("owner", owner.ownerEmail());
        }

        /** The replace-servers hook of a farm, for viewers with operator rights on its environment; else null. */
        public String replaceServersLink(UsageGroups.FarmGroup farm) {
            return operableEnvs.contains(farm.envId()) ? replaceServersPath(farm.envId(), farm.farmId()) : null;
        }

        private String link(String name, String value) {
            Map<String, String> params = new java.util.LinkedHashMap<>(filters.values());
            params.put(name, value);
            return path() + "?" + encode(params);
        }
    }

    public void register(JavalinDefaultRoutingApi router) {
        ScopedRoutes scoped = new ScopedRoutes(router);
        scoped.get(PATH, this::explorer);
        scoped.get(CSV, this::csv);
    }

    private void explorer(Context ctx, ScopeRef scope) {
        Viewer viewer = Auth.viewer(ctx);
        Map<String, String> values = values(ctx);
        UsageFilter filter;
        Form form = new Form(values, Map.of());
        try {
            filter = UsageFilter.of(values);
        } catch (ValidationException invalid) {
            form = form.withError(invalid);
            filter = UsageFilter.none();
        }
        int pageNum = Math.max(1, ctx.queryParamAsClass("page", Integer.class).getOrDefault(1));
        UsageService.Explorer explorer = usage.explorer(viewer, scope, filter, pageNum, PAGE_SIZE);
        Shell.ScopedLayout shown = shell.layout(ctx, scope, "Usage");
        long lastPage = Math.max(1, (explorer.groups().total() + PAGE_SIZE - 1) / PAGE_SIZE);
        PickOption image = pickers.chosen(viewer, scope, PickKind.IMAGE, filter.imageId());
        PickOption farm = filter.farmId() == null ? null
                : pickers.chosen(viewer, scope, PickKind.FARM, filter.farmId().toString());
        ctx.status(form.errors().isEmpty() ? 200 : 422).html(templates.render(EXPLORER_TEMPLATE, new ExplorerPage(
                shown.layout(), scope, shown.label(), form, explorer.groups(), explorer.rows(), pageNum, lastPage,
                encode(filter.params()), explorer.operableEnvs(), image, farm)));
    }

    /** The matching servers as CSV, streamed row by row: the same rows, in the same order, as the explorer. */
    private void csv(Context ctx, ScopeRef scope) throws IOException {
        Viewer viewer = Auth.viewer(ctx);
        UsageFilter filter = UsageFilter.of(values(ctx));
        usage.requireEnter(viewer, scope);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"servers-" + scope.level().name().toLowerCase()
                + (scope.id() == 0 ? "" : "-" + scope.id()) + ".csv\"");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
                CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER.toArray(String[]::new)).get().print(out)) {
            usage.export(viewer, scope, filter, row -> {
                try {
                    csv.printRecord(row.serverId(), row.instanceId(), row.farmId(), row.farmName(), row.farmRoleAlias(),
                            row.envId(), row.envName(), row.ownerEmail(), row.imageId(), row.imageName(),
                            text(row.imageCreatedAt()), row.deprecated(), row.superseded(), row.currentImageName(),
                            text(row.launchedAt()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static Map<String, String> values(Context ctx) {
        Map<String, String> values = new HashMap<>();
        for (String name : UsageFilter.PARAMS) {
            String value = ctx.queryParam(name);
            if (value != null && !value.isBlank()) {
                values.put(name, value.strip());
            }
        }
        return values;
    }

    static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
