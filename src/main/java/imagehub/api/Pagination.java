package imagehub.api;

/** Links (path and query) to the first, last, next and previous page of a list; null where there is none. */
public record Pagination(String first, String last, String next, String prev) {
}
