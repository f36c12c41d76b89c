package imagehub.api;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
