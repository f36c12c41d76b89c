package imagehub.web;

/** The error page: what was refused or failed, in the shell of whoever asked. */
public record ErrorPage(Layout layout, int status, String heading, String message) {
    public static final String TEMPLATE = "error/error.jte";
}
