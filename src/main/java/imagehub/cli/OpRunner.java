package imagehub.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Runs one parsed command: resolves profile and scope, makes the request(s), prints the answer. */
final class OpRunner {
    static final String SCOPE = "--scope";
    static final String JSON = "--json";
    static final String QUIET = "--quiet";
    static final String PROFILE = "--profile";
    static final String ALL = "--all";
    static final String MAX_RESULTS = "--max-results";
    static final String PAGE = "--page";
    static final String FILTER = "--filter";
    static final String SET = "--set";
    static final String STDIN = "--stdin";
    static final String WAIT = "--wait";
    static final String TIMEOUT = "--timeout";
    static final String INTERVAL = "--interval";

    private static final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Groups.Group group;
    private final Op op;
    private final CommandSpec spec;
    private final CliContext ctx;

    OpRunner(Groups.Group group, Op op, CommandSpec spec, CliContext ctx) {
        this.group = group;
        this.op = op;
        this.spec = spec;
        this.ctx = ctx;
    }

    int run() {
        List<String> warnings = new ArrayList<>();
        Profile profile = Profile.resolve(Optional.ofNullable(value(PROFILE)), ctx.env(), ctx.home(), warnings);
        warnings.forEach(w -> ctx.err().println("warning: " + w));
        CliScope scope = scope(profile);
        ApiConnection api = new ApiConnection(profile, ctx.clock());
        String path = scope.basePath() + fillPath();
        boolean asJson = Boolean.TRUE.equals(value(JSON));
        switch (op.kind) {
            case LIST -> list(api, path, asJson);
            case DELETE -> {
                call(api, "DELETE", path + query(List.of()), "{}");
                if (!asJson) {
                    ctx.out().println("Deleted " + group.noun() + " " + String.join(" ", positionals()));
                }
            }
            case READ, WRITE -> {
                String body = op.kind == Op.Kind.WRITE ? body() : "{}";
                JsonNode data = call(api, op.method, path + query(List.of()), body).data();
                if (data != null && op.waits.isPresent() && (op.alwaysWaits || Boolean.TRUE.equals(value(WAIT)))) {
                    data = new Waiter(api, ctx.clock(), ctx.err(), consoleWidth()).follow(op.waits.get(),
                            scope.basePath(), data, seconds(INTERVAL), seconds(TIMEOUT));
                }
                print(data, asJson);
            }
        }
        return 0;
    }

    private void list(ApiConnection api, String path, boolean asJson) {
        List<String> params = new ArrayList<>();
        List<String> filters = value(FILTER);
        for (String filter : filters == null ? List.<String>of() : filters) {
            String[] pair = keyValue(FILTER, filter);
            params.add(encode(pair[0]) + "=" + encode(pair[1]));
        }
        Optional.ofNullable((Integer) value(MAX_RESULTS)).ifPresent(n -> params.add("maxResults=" + n));
        Optional.ofNullable((Integer) value(PAGE)).ifPresent(n -> params.add("pageNum=" + n));
        boolean all = Boolean.TRUE.equals(value(ALL));
        List<JsonNode> items = new ArrayList<>();
        String next = path + query(params);
        while (next != null) {
            ApiConnection.Answer page = call(api, "GET", next, "{}");
            page.data().forEach(items::add);
            next = page.next();
            if (!all && next != null) {
                ctx.err().println("(more on the next page: --page or --all)");
                next = null;
            }
        }
        print(json.valueToTree(items), asJson);
    }

    private void print(JsonNode data, boolean asJson) {
        if (data == null) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(items::add);
        }
        if (asJson) {
            Output.json(ctx.out(), data);
        } else if (Boolean.TRUE.equals(value(QUIET))) {
            (data.isArray() ? items : List.of(data)).forEach(item ->
                    ctx.out().println(Output.flatten(item).getOrDefault(group.idField(), "")));
        } else if (data.isArray()) {
            Output.table(ctx.out(), items, op.columns);
        } else {
            Output.object(ctx.out(), data);
        }
    }

    private ApiConnection.Answer call(ApiConnection api, String method, String pathAndQuery, String body) {
        ApiConnection.Answer answer = api.call(method, pathAndQuery, body);
        answer.warnings().forEach(w -> ctx.err().println("warning: " + w));
        return answer;
    }

    private CliScope scope(Profile profile) {
        String text = Optional.ofNullable((String) value(SCOPE)).or(profile::scope).orElseThrow(() ->
                CliException.usage("Give " + SCOPE + " env:<id>, account:<id> or global (or scope in the profile, "
                        + "or IMAGEHUB_SCOPE)"));
        CliScope scope = CliScope.parse(text);
        if (!group.levels().contains(scope.level()) || !op.levels.contains(scope.level())) {
            throw CliException.usage(group.name() + " " + op.name + " works at " + op.levels.stream()
                    .filter(group.levels()::contains).map(level -> level == CliScope.Level.GLOBAL ? "global"
                            : level.word + ":<id>").collect(Collectors.joining(" or ")) + ", not " + scope);
        }
        return scope;
    }

    private String fillPath() {
        String path = op.path;
        List<String> names = op.pathParams();
        List<String> values = positionals();
        for (int i = 0; i < names.size(); i++) {
            String value = values.get(i).strip();
            if (value.isEmpty()) {
                throw CliException.usage(Cli.label(names.get(i)) + " must not be empty");
            }
            path = path.replace("{" + names.get(i) + "}", encode(value).replace("+", "%20"));
        }
        return path;
    }

    private List<String> positionals() {
        return spec.positionalParameters().stream().map(p -> String.valueOf((Object) p.getValue())).toList();
    }

    private String query(List<String> params) {
        List<String> all = new ArrayList<>(params);
        for (Op.Input input : op.inputs) {
            Object value = value(input.option());
            if (input.target() == Op.Target.QUERY && value != null) {
                all.add(encode(input.key()) + "=" + encode(String.valueOf(value)));
            }
        }
        if (all.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        all.forEach(joined::add);
        return joined.toString();
    }

    /** The body: {@code --stdin}'s JSON object, then the command's fixed fields, its options, then {@code --set}. */
    private String body() {
        ObjectNode body = Boolean.TRUE.equals(value(STDIN)) ? stdinObject() : json.createObjectNode();
        op.fixed.forEach(fixed -> put(body, fixed.key(), json.valueToTree(fixed.value())));
        for (Op.Input input : op.inputs) {
            Object value = value(input.option());
            if (input.target() == Op.Target.BODY && value != null) {
                put(body, input.key(), json.valueToTree(value));
            }
        }
        List<String> sets = value(SET);
        for (String set : sets == null ? List.<String>of() : sets) {
            String[] pair = keyValue(SET, set);
            put(body, pair[0], literal(pair[1]));
        }
        return body.toString();
    }

    private ObjectNode stdinObject() {
        String text;
        try {
            text = new String(ctx.in().readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw CliException.usage("Cannot read the body from standard input: " + e.getMessage());
        }
        try {
            JsonNode node = json.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw CliException.usage(STDIN + " needs a JSON object on standard input: " + e.getOriginalMessage());
        }
        throw CliException.usage(STDIN + " needs a JSON object on standard input");
    }

    /** Sets {@code dotted.key} in {@code body}, making the objects on the way. */
    private static void put(ObjectNode body, String key, JsonNode value) {
        String[] parts = key.split("\\.");
        ObjectNode node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            }
            if (!(child instanceof ObjectNode object)) {
                throw CliException.usage("Cannot set " + key + ": " + parts[i] + " is not an object in the body");
            }
            node = object;
        }
        node.set(parts[parts.length - 1], value);
    }

    /** A JSON literal (true, 12, "12", null, [..], {..}) as itself; any other text as a string. */
    private static JsonNode literal(String text) {
        if (text.isBlank()) {
            return json.getNodeFactory().textNode(text);
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private static String[] keyValue(String option, String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || text.substring(0, eq).isBlank()) {
            throw CliException.usage(option + " takes key=value, not '" + text + "'");
        }
        return new String[] {text.substring(0, eq).strip(), text.substring(eq + 1)};
    }

    /** The terminal's width (COLUMNS, else 80) when stderr is one; 0 when it is not. */
    private int consoleWidth() {
        if (!ctx.console()) {
            return 0;
        }
        try {
            return Math.max(20, Integer.parseInt(ctx.env().getOrDefault("COLUMNS", "80").strip()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    private Duration seconds(String option) {
        return Duration.ofMillis(Math.round((Double) value(option) * 1000));
    }

    @SuppressWarnings("unchecked")
    private <T> T value(String option) {
        OptionSpec found = spec.findOption(option);
        return found == null ? null : (T) found.getValue();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, UTF_8);
    }
}
