package imagehub.support;

import imagehub.access.Viewer;
import imagehub.api.ApiSpecs;
import imagehub.core.ScopeRef;
import imagehub.credentials.CredentialService;
import imagehub.image.Image;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;

/**
 * For tests that walk the whole API: its operations as the served specs declare them, objects to aim
 * them at, and a fingerprint of every table to prove a refused request wrote nothing.
 */
public final class ApiProbe {
    /** Tables every signed request may write: the replay ledger, the key's last use, the scheduler's own. */
    private static final Set<String> BOOKKEEPING = Set.of("seen_signatures", "api_keys", "scheduled_tasks", "sessions",
            "login_throttle", "login_failures", "key_locks", "flyway_schema_history");

    private final TestApp app;

    public ApiProbe(TestApp app) {
        this.app = app;
    }

    /** One operation of a served spec: {@code path} is the full template, such as {@code /api/v1beta0/user/{envId}/images/}. */
    public record Operation(String level, String method, String path, Map<String, Object> body,
            Map<String, Object> item, List<String> queryParams) {
        /** Whether the operation takes a body ({@code in: body}); the others still get {@code {}} from clients. */
        public boolean takesBody() {
            return body != null;
        }

        /** Whether it answers a list (its 200 response has {@code pagination}). */
        public boolean isList() {
            return item != null;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every operation of the three served specs, with body schemas and list items resolved. */
    @SuppressWarnings("unchecked")
    public static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (String level : ApiSpecs.LEVELS) {
            Map<String, Object> spec = load(level);
            Map<String, Object> definitions = (Map<String, Object>) spec.get("definitions");
            ((Map<String, Object>) spec.get("paths")).forEach((route, value) -> ((Map<String, Object>) value)
                    .forEach((method, op) -> {
                        if (!Set.of("get", "post", "patch", "delete").contains(method)) {
                            return;
                        }
                        Map<String, Object> body = null;
                        List<String> query = new ArrayList<>();
                        for (Map<String, Object> param : (List<Map<String, Object>>) ((Map<String, Object>) op)
                                .getOrDefault("parameters", List.of())) {
                            if ("body".equals(param.get("in"))) {
                                body = resolve(definitions, (Map<String, Object>) param.get("schema"));
                            } else if ("query".equals(param.get("in"))) {
                                query.add((String) param.get("name"));
                            }
                        }
                        operations.add(new Operation(level, method.toUpperCase(), spec.get("basePath") + route, body,
                                listItem(definitions, (Map<String, Object>) op), query));
                    }));
        }
        return operations;
    }

    /** A schema with its {@code $ref} followed; null stays null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> resolve(Map<String, Object> definitions, Map<String, Object> schema) {
        if (schema == null || !schema.containsKey("$ref")) {
            return schema;
        }
        String name = ((String) schema.get("$ref")).substring("#/definitions/".length());
        return (Map<String, Object>) definitions.get(name);
    }

    /** The definitions of {@code level}'s spec. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> definitions(String level) {
        return (Map<String, Object>) load(level).get("definitions");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> listItem(Map<String, Object> definitions, Map<String, Object> op) {
        Map<String, Object> ok = (Map<String, Object>) ((Map<String, Object>) op.getOrDefault("responses", Map.of())).get("200");
        Map<String, Object> response = ok == null ? null : resolve(definitions, (Map<String, Object>) ok.get("schema"));
        if (response == null) {
            return null;
        }
        Map<String, Object> properties = (Map<String, Object>) response.getOrDefault("properties", Map.of());
        if (!properties.containsKey("pagination")) {
            return null;
        }
        Map<String, Object> data = (Map<String, Object>) properties.get("data");
        return resolve(definitions, (Map<String, Object>) data.get("items"));
    }

    private static Map<String, Object> load(String level) {
        try (InputStream in = ApiProbe.class.getResourceAsStream("/api/" + level + ".v1beta0.yml")) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ids to fill every placeholder of the specs' paths with, per level ({@code user}, {@code account},
     * {@code global}): acme-dev and acme, their demo farm, farm role and server, and new objects an admin may
     * change (an image and a role using it at each scope, credentials, an update task and a run, an API key).
     */
    public Map<String, Map<String, String>> objects() {
        Viewer system = Viewer.system();
        Fixtures fixtures = new Fixtures(app.context());
        long acme = app.context().scopes().findAccountByName("acme").orElseThrow().id();
        long acmeDev = app.context().scopes().findEnvironmentByName(acme, "acme-dev").orElseThrow().id();
        long alice = Long.parseLong(text("SELECT id FROM users WHERE email = 'alice@example.com'", Map.of()));
        long task = updateTask(acme, acmeDev);
        Map<String, String> common = new LinkedHashMap<>();
        common.put("envId", String.valueOf(acmeDev));
        common.put("accountId", String.valueOf(acme));
        common.put("farmId", text("SELECT id FROM farms WHERE env_id = :env", Map.of("env", acmeDev)));
        common.put("farmRoleId", text("SELECT fr.id FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id"
                + " WHERE f.env_id = :env", Map.of("env", acmeDev)));
        common.put("serverId", text("SELECT s.id FROM servers s JOIN farm_roles fr ON fr.id = s.farm_role_id"
                + " JOIN farms f ON f.id = fr.farm_id WHERE f.env_id = :env", Map.of("env", acmeDev)));
        common.put("operationId", text("SELECT COALESCE(MAX(id), 999999) FROM server_operations WHERE env_id = :env",
                Map.of("env", acmeDev)));
        common.put("taskId", String.valueOf(task));
        common.put("executionId", String.valueOf(execution(task, acme, acmeDev, alice)));
        common.put("userId", String.valueOf(alice));
        common.put("grantId", text("SELECT id FROM grants WHERE user_id = :user", Map.of("user", alice)));
        common.put("keyId", app.context().apiKeys.create(system, alice, "probe").key().keyId());
        Map<String, Map<String, String>> byLevel = new LinkedHashMap<>();
        Map<String, ScopeRef> scopes = new LinkedHashMap<>();
        scopes.put("user", ScopeRef.environment(acmeDev));
        scopes.put("account", ScopeRef.account(acme));
        scopes.put("global", ScopeRef.GLOBAL);
        scopes.forEach((level, scope) -> {
            Image image = fixtures.ubuntu(system, scope, Fixtures.EAST);
            Map<String, String> ids = new LinkedHashMap<>(common);
            ids.put("imageId", image.id());
            ids.put("roleId", String.valueOf(fixtures.roleUsing(system, scope, image).id()));
            ids.put("credentialsId", String.valueOf(scope.equals(ScopeRef.GLOBAL) ? 999999 : credentials(scope)));
            ids.put("replacementId", text("SELECT COALESCE(MAX(id), 999999) FROM replacements WHERE scope_level = :level"
                    + " AND scope_id = :id", Map.of("level", scope.level().name(), "id", scope.id())));
            byLevel.put(level, ids);
        });
        return byLevel;
    }

    private String text(String sql, Map<String, Object> binds) {
        return app.context().jdbi.withHandle(h -> h.createQuery(sql).bindMap(binds).mapTo(String.class).first());
    }

    /** A content checksum of every table but {@link #BOOKKEEPING}: any insert, update or delete changes it. */
    public Map<String, Long> fingerprint() {
        return app.context().jdbi.withHandle(h -> {
            List<String> tables = h.createQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'").mapTo(String.class).list();
            Map<String, Long> sums = new TreeMap<>();
            for (String table : tables) {
                if (!BOOKKEEPING.contains(table.toLowerCase())) {
                    sums.put(table, h.createQuery("CHECKSUM TABLE `" + table + "`")
                            .map((rs, ctx) -> rs.getLong("Checksum")).one());
                }
            }
            return sums;
        });
    }

    /** New cloud credentials at {@code scope}; their fields are valid but reach no cloud. */
    public long credentials(ScopeRef scope) {
        return app.context().credentials.create(Viewer.system(), scope, new CredentialService.CredentialInput(
                Fixtures.unique("probe"), "ec2", "AKIAIOSFODNN7EXAMPLE", "probe-secret-of-enough-length", null, null,
                List.of("eu-west-1"))).id();
    }

    /**
     * An image update task of {@code env}, written as it is stored: from its first running server into its first role
     * in sandbox-east-1 (enough for reading and editing it; it never runs here).
     */
    public long updateTask(long account, long env) {
        long task = app.context().jdbi.withHandle(h -> h.createUpdate("INSERT INTO update_tasks (env_id, account_id, name,"
                + " source_server_id, image_name, register_at, deprecate_replaced, timing_type, time_zone, status,"
                + " created_by, created_at) VALUES (:env, :account, :name, (" + RUNNING_SERVER + "), 'web', 'environment',"
                + " TRUE, 'now', 'UTC',"
                + " 'finished', 'alice@example.com', NOW())").bind("env", env).bind("account", account)
                .bind("name", Fixtures.unique("probe")).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        app.context().jdbi.useHandle(h -> h.createUpdate("INSERT INTO update_task_targets (task_id, position, role_id,"
                + " cloud_location) SELECT :task, 0, MIN(id), 'sandbox-east-1' FROM roles WHERE scope_level = 'ENVIRONMENT'"
                + " AND scope_id = :env").bind("task", task).bind("env", env).execute());
        return task;
    }

    /** The first running server of {@code :env} (the demo's history has terminated the oldest ones). */
    private static final String RUNNING_SERVER = "SELECT MIN(id) FROM servers WHERE env_id = :env AND status = 'RUNNING'";

    /** A finished run of {@code task}, run as {@code userId}. */
    public long execution(long task, long account, long env, long userId) {
        return app.context().jdbi.withHandle(h -> h.createUpdate("INSERT INTO update_task_executions (task_id,"
                + " env_id, account_id, status, run_as_user_id, source_server_id, register_at, deprecate_replaced, phase,"
                + " created_at) VALUES (:task, :env, :account, 'succeeded', :user, (" + RUNNING_SERVER + "), 'environment',"
                + " TRUE, 'DONE', NOW())")
                .bind("task", task).bind("env", env).bind("account", account).bind("user", userId)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /** {@code template} with each {@code {name}} replaced by {@code ids.get(name)}. */
    public static String fill(String template, Map<String, String> ids) {
        String path = template;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        if (path.contains("{")) {
            throw new IllegalArgumentException("no id for a placeholder of " + template + " in " + ids.keySet());
        }
        return path;
    }

    /** The placeholders of a path template, in order. */
    public static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([A-Za-z]+)}").matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public static Map<String, String> with(Map<String, String> ids, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(ids);
        copy.put(name, value);
        return copy;
    }
}
