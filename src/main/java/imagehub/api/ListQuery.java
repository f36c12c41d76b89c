package imagehub.api;

import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The query of a list request: page size, page number and the filters the route allows. Anything else
 * is refused, as Scalr does, so a misspelt filter never silently lists everything.
 */
public record ListQuery(int maxResults, int pageNum, Map<String, String> filters) {
    public static final String MAX_RESULTS = "maxResults";
    public static final String PAGE_NUM = "pageNum";
    public static final int DEFAULT_MAX_RESULTS = 100;

    public ListQuery {
        filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }

    /** The list query of {@code ctx}, allowing the filters named in {@code filterNames}. */
    public static ListQuery of(Context ctx, Set<String> filterNames) {
        return parse(ctx.queryString(), filterNames);
    }

    /** @throws ApiException 400 for an unknown or repeated parameter or a bad page size or number */
    public static ListQuery parse(String rawQuery, Set<String> filterNames) {
        int maxResults = DEFAULT_MAX_RESULTS;
        int pageNum = 1;
        Map<String, String> filters = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (QueryStrings.Param param : QueryStrings.decode(rawQuery)) {
            String name = param.key();
            if (!seen.add(name)) {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Query parameter '" + name + "' is given more than once");
            }
            if (name.equals(MAX_RESULTS)) {
                maxResults = number(name, param.value(), 1, DEFAULT_MAX_RESULTS);
            } else if (name.equals(PAGE_NUM)) {
                pageNum = number(name, param.value(), 1, Integer.MAX_VALUE);
            } else if (filterNames.contains(name)) {
                filters.put(name, param.value());
            } else {
                throw new ApiException(ApiError.INVALID_STRUCTURE, "Unsupported filter: '" + name + "'");
            }
        }
        return new ListQuery(maxResults, pageNum, filters);
    }

    public Optional<String> filter(String name) {
        return Optional.ofNullable(filters.get(name));
    }

    /*
     * Typed filter values. Scalr matches a filter exactly against the field of the same name; a value that can
     * never be one of that field's values is 400 InvalidValue naming the filter, so a typo never lists nothing quietly.
     */

    /** A boolean filter: {@code true} or {@code false} (also {@code 1} / {@code 0}, as Scalr's PHP reads them). */
    public Optional<Boolean> bool(String name) {
        return filter(name).map(value -> switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(name, value, "true or false");
        });
    }

    /** A numeric id filter (ids arrive as strings, as every query value does): a positive integer. */
    public Optional<Long> id(String name) {
        return filter(name).map(value -> {
            try {
                long id = Long.parseLong(value.strip());
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw invalid(name, value, "a positive integer id");
        });
    }

    /** A UUID filter (image ids), in its canonical lower-case text. */
    public Optional<String> uuid(String name) {
        return filter(name).map(value -> {
            try {
                UUID uuid = UUID.fromString(value.strip());
                if (uuid.toString().equalsIgnoreCase(value.strip())) {
                    return uuid.toString();
                }
            } catch (IllegalArgumentException e) {
                // answered below
            }
            throw invalid(name, value, "an id like 0b1c2d3e-0000-4000-8000-000000000001");
        });
    }

    /** A filter whose values are the names {@code label} gives {@code values}. */
    public <E> Optional<E> choice(String name, E[] values, Function<E, String> label) {
        return filter(name).map(value -> {
            for (E candidate : values) {
                if (label.apply(candidate).equals(value.strip())) {
                    return candidate;
                }
            }
            throw invalid(name, value, "one of " + Arrays.stream(values).map(label).toList());
        });
    }

    /**
     * Scalr's {@code scope} filter: the level an object is defined at, named as bodies name it ({@code scalr},
     * {@code account}, {@code environment}); only the levels visible from {@code at} can match, so others are refused.
     */
    public Optional<ScopeLevel> scope(String name, ScopeRef at) {
        ScopeLevel[] visible = Arrays.stream(ScopeLevel.values()).filter(l -> l.compareTo(at.level()) <= 0)
                .toArray(ScopeLevel[]::new);
        return choice(name, visible, ScopeLevel::apiName);
    }

    /** A point in time: ISO-8601 in UTC, e.g. {@code 2026-11-22T00:00:00Z}. */
    public Optional<Instant> time(String name) {
        return filter(name).map(value -> {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw invalid(name, value, "an ISO-8601 time like 2026-11-22T00:00:00Z");
            }
        });
    }

    /** A text filter matched exactly; blank text is refused rather than matching nothing. */
    public Optional<String> text(String name) {
        return filter(name).map(value -> {
            if (value.isBlank()) {
                throw invalid(name, value, "not blank");
            }
            return value;
        });
    }

    private static ApiException invalid(String name, String value, String expected) {
        return new ApiException(ApiError.INVALID_VALUE, "Filter '" + name + "' must be " + expected + ", not '" + value + "'");
    }

    /** How many items the requested page skips. */
    public long offset() {
        return (long) (pageNum - 1) * maxResults;
    }

    /** Links for a list of {@code total} items at {@code path}, keeping the filters and page size. */
    public Pagination pagination(String path, long total) {
        long lastPage = Math.max(1, (total + maxResults - 1) / maxResults);
        return new Pagination(link(path, 1), link(path, lastPage),
                pageNum < lastPage ? link(path, pageNum + 1) : null,
                pageNum > 1 ? link(path, Math.min(pageNum - 1, lastPage)) : null);
    }

    private String link(String path, long page) {
        StringBuilder link = new StringBuilder(path).append('?');
        filters.forEach((name, value) ->
                link.append(QueryStrings.encode(name)).append('=').append(QueryStrings.encode(value)).append('&'));
        return link.append(MAX_RESULTS).append('=').append(maxResults)
                .append('&').append(PAGE_NUM).append('=').append(page).toString();
    }

    private static int number(String name, String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ApiException(ApiError.INVALID_STRUCTURE, "'" + name + "' must be an integer, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new ApiException(ApiError.INVALID_VALUE, "'" + name + "' must be between " + min + " and " + max);
        }
        return value;
    }
}
