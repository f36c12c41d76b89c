package imagehub.web;

public record ErrorPage(Layout layout, int status, String heading, String message) {
}
