package imagehub.audit;

import imagehub.core.ValidationException;
import imagehub.core.ScopeRef;
import imagehub.web.Auth;
import imagehub.web.Layout;
import imagehub.web.NavEntry;
import imagehub.web.ScopedRoutes;
import imagehub.web.Shell;
import imagehub.web.Templates;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The audit log page of each scope, with filters by user, object, action and time. */
public final class AuditRoutes {
    public static final String PATH = "/audit";
    public static final NavEntry NAV = NavEntry.admins("Audit log", PATH);
    static final String PAGE_TEMPLATE = "audit/page.jte";
    private static final int PAGE_SIZE = 50;

    private final AuditReader audit;
    private final Templates templates;
    private final Shell shell;

    public AuditRoutes(AuditReader audit, Templates templates, Shell shell) {
        this.audit = audit;
        this.templates = templates;
        this.shell = shell;
    }

    public record AuditPage(Layout layout, String scopeLabel, String path, Map<String, String> filters,
            AuditReader.Page page, String error, String query) {
        public String pageLink(int pageNum) {
            return path + "?" + query + (query.isEmpty() ? "" : "&") + "page=" + pageNum;
        }
    }

    public void register(JavalinDefaultRoutingApi router) {
        new ScopedRoutes(router).get(PATH, this::list);
    }

    private void list(Context ctx, ScopeRef scope) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String key : new String[] {"user", "object", "action", "from", "to"}) {
            String value = ctx.queryParam(key);
            filters.put(key, value == null ? "" : value.strip());
        }
        String error = null;
        AuditReader.Filter filter;
        try {
            filter = new AuditReader.Filter(text(filters.get("user")), text(filters.get("object")),
                    text(filters.get("action")), day(filters.get("from"), 0), day(filters.get("to"), 1));
        } catch (ValidationException invalid) {
            error = invalid.getMessage();
            filter = AuditReader.Filter.none();
        }
        int pageNum = Math.max(1, ctx.queryParamAsClass("page", Integer.class).getOrDefault(1));
        AuditReader.Page page = audit.list(Auth.viewer(ctx), scope, filter, pageNum, PAGE_SIZE);
        StringBuilder query = new StringBuilder();
        filters.forEach((key, value) -> {
            if (!value.isEmpty()) {
                query.append(query.isEmpty() ? "" : "&").append(key).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        String label = shell.label(scope);
        ctx.html(templates.render(PAGE_TEMPLATE, new AuditPage(shell.layout(ctx, "Audit log · " + label, scope),
                label, scope.path() + PATH, filters, page, error, query.toString())));
    }

    private static Optional<String> text(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A day (yyyy-mm-dd, UTC) as an instant; {@code plusDays} 1 makes "to" include the whole day. */
    private static Optional<Instant> day(String value, int plusDays) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value).plusDays(plusDays).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw ValidationException.of("from", "Dates look like 2026-11-22");
        }
    }
}
