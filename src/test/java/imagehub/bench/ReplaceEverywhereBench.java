package imagehub.bench;

import imagehub.access.Viewer;
import imagehub.catalog.Architecture;
import imagehub.catalog.Platform;
import imagehub.image.Image;
import imagehub.image.ImageFilter;
import imagehub.replacement.Replacement;
import imagehub.replacement.ReplacementService;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.support.TestApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * 10k roles (Global and every account and environment) all using one Global image in sandbox-east-1:
 * times replace-everywhere to a newer image and its rollback, through the same service as the portal,
 * as a Global admin. Run with {@code bench/run.sh ReplaceEverywhereBench}; not part of the test suite.
 */
public final class ReplaceEverywhereBench {
    private static final int ROLES = Integer.getInteger("bench.roles", 10_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    public static void main(String[] args) throws Exception {
        TestApp app = new TestApp().withDemo();
        app.beforeAll(null);
        int status = 0;
        try {
            Viewer admin = app.context().users.viewerOf(app.context().jdbi.withHandle(h -> h.createQuery(
                    "SELECT id FROM users WHERE email = :email").bind("email", TestApp.ADMIN).mapTo(Long.class).one()),
                    imagehub.access.Channel.UI);
            Image old = globalImage(app, admin, "sbx-00000002");
            Image fresh = globalImage(app, admin, "sbx-00000003");
            seed(app, old.id());
            System.out.printf("seeded %,d roles on %s%n", ROLES, old.cloudLabel());

            List<Double> replace = new ArrayList<>();
            List<Double> rollback = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                long t = System.nanoTime();
                Replacement done = app.context().replacements.replace(admin, ScopeRef.GLOBAL,
                        new ReplacementService.ReplaceEverywhere(old.id(), fresh.id(), false, null,
                                Set.of(ScopeLevel.values())));
                replace.add((System.nanoTime() - t) / 1e6);
                t = System.nanoTime();
                app.context().replacements.rollback(admin, ScopeRef.GLOBAL, done.id());
                rollback.add((System.nanoTime() - t) / 1e6);
                System.out.printf("round %d: %d roles changed%n", round + 1, done.changes().size());
            }
            Collections.sort(replace);
            Collections.sort(rollback);
            System.out.printf("replace everywhere over %,d roles: median %.0f ms (min %.0f, max %.0f)%n", ROLES,
                    replace.get(ROUNDS / 2), replace.get(0), replace.get(ROUNDS - 1));
            System.out.printf("rollback of it:                  median %.0f ms (min %.0f, max %.0f)%n",
                    rollback.get(ROUNDS / 2), rollback.get(0), rollback.get(ROUNDS - 1));
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        } finally {
            app.afterAll(null);
            System.exit(status);
        }
    }

    private static Image globalImage(TestApp app, Viewer admin, String cloudImageId) {
        return app.context().images.list(admin, ScopeRef.GLOBAL, new ImageFilter(Platform.SANDBOX, "sandbox-east-1",
                null, Architecture.X86_64, null, cloudImageId, imagehub.image.ImageSort.NAME, false), 1, 10).images().get(0);
    }

    private static void seed(TestApp app, String imageId) {
        app.context().jdbi.useHandle(h -> {
            List<long[]> scopes = new ArrayList<>();
            scopes.add(new long[] {0, 0, 0});
            h.createQuery("SELECT id FROM accounts").mapTo(Long.class).forEach(a -> scopes.add(new long[] {1, a, a}));
            h.createQuery("SELECT id, account_id FROM environments")
                    .map((rs, c) -> new long[] {2, rs.getLong(1), rs.getLong(2)}).forEach(scopes::add);
            String[] levels = {"GLOBAL", "ACCOUNT", "ENVIRONMENT"};
            long first = h.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM roles").mapTo(Long.class).one();
            PreparedBatch roles = h.prepareBatch("""
                    INSERT INTO roles (id, scope_level, scope_id, account_id, name, os_family, created_by, created_at)
                    VALUES (:id, :level, :scopeId, :accountId, :name, 'ubuntu', 'bench', :now)""");
            PreparedBatch images = h.prepareBatch("""
                    INSERT INTO role_images (role_id, platform, cloud_location, image_id)
                    VALUES (:id, 'sandbox', 'sandbox-east-1', :imageId)""");
            for (int i = 0; i < ROLES; i++) {
                long[] scope = scopes.get(i % scopes.size());
                roles.bind("id", first + i).bind("level", levels[(int) scope[0]]).bind("scopeId", scope[1])
                        .bind("accountId", scope[0] == 0 ? null : scope[2]).bind("name", "bench-role-" + i)
                        .bind("now", Instant.now()).add();
                images.bind("id", first + i).bind("imageId", imageId).add();
            }
            roles.execute();
            images.execute();
        });
    }
}
