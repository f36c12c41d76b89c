package imagehub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.Access;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.scope.ScopeDao;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.support.WebClient;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The page shell: navigation from what each feature contributes, checked with one rights look-up per page. */
class ShellTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    @Test
    void the_rights_at_a_scope_are_read_with_one_query_and_agree_with_allows() {
        People people = new People(app.context());
        Access access = app.context().access;
        List<ScopeRef> scopes = List.of(ScopeRef.GLOBAL, people.account("acme"), people.env("acme", "acme-dev"),
                people.env("acme", "acme-prod"), people.env("globex", "globex-prod"));
        for (String email : List.of("alice@example.com", "bob@example.com", "carol@example.com")) {
            Viewer viewer = people.viewer(email);
            for (ScopeRef scope : scopes) {
                Set<AccessLevel> expected = EnumSet.noneOf(AccessLevel.class);
                for (AccessLevel role : AccessLevel.values()) {
                    if (access.allows(viewer, scope, role)) {
                        expected.add(role);
                    }
                }
                AtomicInteger queries = new AtomicInteger();
                Set<AccessLevel> held = countingQueries(queries, () -> access.rolesAt(viewer, scope));
                assertEquals(expected, held, email + " at " + scope);
                assertTrue(queries.get() <= 1, queries.get() + " queries for " + email + " at " + scope);
            }
        }
        assertEquals(EnumSet.allOf(AccessLevel.class), access.rolesAt(people.viewer("alice@example.com"), people.env("acme", "acme-dev")));
        assertEquals(EnumSet.of(AccessLevel.OPERATOR, AccessLevel.READ_ONLY),
                access.rolesAt(people.viewer("bob@example.com"), people.env("acme", "acme-dev")));
        assertEquals(Set.of(), access.rolesAt(people.viewer("carol@example.com"), people.env("acme", "acme-dev")));
    }

    @Test
    void each_scope_offers_the_features_entries_its_viewer_may_use_in_menu_order() {
        People people = new People(app.context());
        ScopeRef dev = people.env("acme", "acme-dev");
        ScopeRef acme = people.account("acme");

        WebClient alice = WebClient.signedIn(app, "alice@example.com");
        assertEquals(List.of("Dashboard", "Images", "Roles", "Replacements", "Farms", "Update tasks", "Operations", "Usage",
                "Audit log", "Settings"), nav(alice.get(dev.path()).body()));
        assertEquals(List.of("Dashboard", "Images", "Roles", "Replacements", "Farms", "Usage", "Audit log", "Settings"),
                nav(alice.get(acme.path()).body()), "operations and update tasks are offered in environments only");

        WebClient bob = WebClient.signedIn(app, "bob@example.com");
        List<String> bobs = nav(bob.get(dev.path() + "/images").body());
        assertEquals(List.of("Dashboard", "Images", "Roles", "Replacements", "Farms", "Update tasks", "Operations", "Usage"), bobs,
                "audit log and settings are for admins");
        String images = bob.get(dev.path() + "/images").body();
        assertTrue(images.contains("href=\"" + dev.path() + "/images\" class=\"active\""), "the current page is marked");
        assertFalse(images.contains("href=\"" + dev.path() + "\" class=\"active\""), "the dashboard is not");
    }

    @Test
    void the_scope_switcher_is_named_with_one_read_however_many_scopes_it_offers() {
        WebClient admin = WebClient.signedIn(app, TestApp.ADMIN);
        admin.get("/profile");
        AtomicInteger before = new AtomicInteger();
        countingAllQueries(before, () -> admin.get("/profile"));
        ScopeRef acme = new People(app.context()).account("acme");
        List<String> added = List.of("shell-a", "shell-b", "shell-c");
        app.context().jdbi.useExtension(ScopeDao.class, dao -> added.forEach(name ->
                dao.insertEnvironment(acme.id(), name, java.time.Instant.now())));

        AtomicInteger after = new AtomicInteger();
        String page = countingAllQueries(after, () -> admin.get("/profile")).body();
        for (String name : added) {
            assertTrue(page.contains(">acme / " + name + "</a>"), name + " is offered by the switcher");
        }
        assertEquals(before.get(), after.get(), "three more scopes in the switcher, no more queries");
    }

    private static List<String> nav(String html) {
        int start = html.indexOf("<nav class=\"mainnav\">");
        String menu = html.substring(start, html.indexOf("</nav>", start));
        Matcher m = Pattern.compile(">([^<]+)</a>").matcher(menu);
        List<String> labels = new java.util.ArrayList<>();
        while (m.find()) {
            labels.add(m.group(1).strip());
        }
        return labels;
    }

    /** Runs {@code work}, counting the SQL statements every thread sends meanwhile (the scheduler is off). */
    private static <T> T countingAllQueries(AtomicInteger count, java.util.function.Supplier<T> work) {
        SqlLogger previous = app.context().jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).getSqlLogger();
        app.context().jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                count.incrementAndGet();
            }
        });
        try {
            return work.get();
        } finally {
            app.context().jdbi.setSqlLogger(previous);
        }
    }

    /** Runs {@code work}, counting the SQL statements this thread sends meanwhile. */
    private static <T> T countingQueries(AtomicInteger count, java.util.function.Supplier<T> work) {
        Thread me = Thread.currentThread();
        SqlLogger previous = app.context().jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).getSqlLogger();
        app.context().jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                if (Thread.currentThread() == me) {
                    count.incrementAndGet();
                }
            }
        });
        try {
            return work.get();
        } finally {
            app.context().jdbi.setSqlLogger(previous);
        }
    }
}
