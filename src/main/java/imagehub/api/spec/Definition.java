package imagehub.api.spec;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A named object schema of the specs ({@code #/definitions/Name}). The body is built on first use, so definitions
 * can refer to each other in cycles (a Role's deprecation names its replacement Role).
 */
public final class Definition {
    private final String name;
    private final Supplier<Schema> body;
    private Schema built;

    private Definition(String name, Supplier<Schema> body) {
        this.name = Objects.requireNonNull(name);
        this.body = Objects.requireNonNull(body);
    }

    public static Definition of(String name, Supplier<Schema> body) {
        return new Definition(name, body);
    }

    public String name() {
        return name;
    }

    synchronized Schema schema() {
        if (built == null) {
            built = body.get();
        }
        return built;
    }

    @Override
    public String toString() {
        return "#/definitions/" + name;
    }
}
