package imagehub.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command of a group, declared as data: the request it makes (method and route below the scope's base
 * path, whose {@code {ids}} become positional arguments), the options that fill the body or the query, and
 * how the answer prints. {@link Commands} turns these into picocli commands.
 */
final class Op {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");

    enum Kind {
        /** GET of a paginated list: filters, paging, {@code --all}. */
        LIST,
        /** GET of one object. */
        READ,
        /** POST or PATCH with a JSON body from options, {@code --set} and {@code --stdin}. */
        WRITE,
        /** DELETE: 204 and no body. */
        DELETE
    }

    /** What an option fills in: a body field (a dotted JSON path) or a query parameter. */
    enum Target { BODY, QUERY }

    enum Type { STRING, INTEGER, BOOLEAN, LIST }

    record Input(String option, Target target, String key, Type type, String description) {
    }

    /** A body field the command always sends, such as {@code deprecated: true} for {@code deprecate}. */
    record Fixed(String key, Object value) {
    }

    final String name;
    final String description;
    final Kind kind;
    final String method;
    final String path;
    final List<Input> inputs = new ArrayList<>();
    final List<Fixed> fixed = new ArrayList<>();
    List<String> columns = List.of();
    Set<CliScope.Level> levels = EnumSet.allOf(CliScope.Level.class);
    Optional<Waiter.Kind> waits = Optional.empty();
    boolean alwaysWaits;

    private Op(String name, String description, Kind kind, String method, String path) {
        this.name = name;
        this.description = description;
        this.kind = kind;
        this.method = method;
        this.path = path;
    }

    static Op list(String name, String description, String path, String... columns) {
        return new Op(name, description, Kind.LIST, "GET", path).columns(columns);
    }

    static Op read(String name, String description, String path) {
        return new Op(name, description, Kind.READ, "GET", path);
    }

    static Op post(String name, String description, String path) {
        return new Op(name, description, Kind.WRITE, "POST", path);
    }

    static Op patch(String name, String description, String path) {
        return new Op(name, description, Kind.WRITE, "PATCH", path);
    }

    static Op delete(String name, String description, String path) {
        return new Op(name, description, Kind.DELETE, "DELETE", path);
    }

    /** A body field from {@code --option VALUE}. */
    Op field(String option, String key, Type type, String description) {
        inputs.add(new Input(option, Target.BODY, key, type, description));
        return this;
    }

    Op field(String option, String key, String description) {
        return field(option, key, Type.STRING, description);
    }

    Op query(String option, String key, Type type, String description) {
        inputs.add(new Input(option, Target.QUERY, key, type, description));
        return this;
    }

    Op fixed(String key, Object value) {
        fixed.add(new Fixed(key, value));
        return this;
    }

    /** Columns of the table a list answer prints as: dotted paths into each item. */
    Op columns(String... paths) {
        columns = List.of(paths);
        return this;
    }

    /** Only at these scope levels (the API has the route nowhere else). */
    Op only(CliScope.Level first, CliScope.Level... rest) {
        levels = EnumSet.of(first, rest);
        return this;
    }

    /** Offers {@code --wait}: after the call, follow the object answered until its work ends. */
    Op waits(Waiter.Kind kind) {
        waits = Optional.of(kind);
        return this;
    }

    /** Follows the object read until its work ends, without {@code --wait}. */
    Op waitsAlways(Waiter.Kind kind) {
        alwaysWaits = true;
        return waits(kind);
    }

    /** The names of the path's parameters, in order: the command's positional arguments. */
    List<String> pathParams() {
        List<String> names = new ArrayList<>();
        Matcher m = PATH_PARAM.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
