package imagehub.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP client for one person: keeps cookies, logs in, posts forms with the CSRF token. */
public final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrf;

    public WebClient(TestApp app) {
        this.baseUrl = app.baseUrl();
        this.http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Logs in through the login form; the response is the form's answer (303 on success). */
    public HttpResponse<String> login(String email, String password) {
        HttpResponse<String> form = get("/login");
        Matcher matcher = CSRF.matcher(form.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF field on the login page");
        }
        HttpResponse<String> response = post("/login", Map.of("_csrf", matcher.group(1), "email", email,
                "password", password), false);
        if (response.statusCode() == 303) {
            Matcher meta = META_CSRF.matcher(get("/profile").body());
            csrf = meta.find() ? meta.group(1) : null;
        }
        return response;
    }

    /** The cookies this client holds, as a {@code Cookie} header value (for a load generator to send). */
    public String cookieHeader() {
        return cookies.getCookieStore().get(URI.create(baseUrl)).stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue()).collect(Collectors.joining("; "));
    }

    public static WebClient signedIn(TestApp app, String email) {
        return signedIn(app, email, TestApp.DEMO_PASSWORD);
    }

    public static WebClient signedIn(TestApp app, String email, String password) {
        WebClient client = new WebClient(app);
        HttpResponse<String> response = client.login(email, password);
        if (response.statusCode() != 303) {
            throw new IllegalStateException("login of " + email + " failed: " + response.statusCode());
        }
        return client;
    }

    public HttpResponse<String> get(String path) {
        return get(path, Map.of());
    }

    /** A GET with extra headers, e.g. {@code HX-Request} to ask for what htmx would get. */
    public HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A GET whose body is read as it arrives (large downloads such as a CSV export). */
    public HttpResponse<java.io.InputStream> stream(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a form with the session's CSRF token added. */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        return post(path, fields, true);
    }

    /** Posts a form exactly as given (to test requests without or with a wrong token). */
    public HttpResponse<String> post(String path, Map<String, String> fields, boolean withCsrf) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (withCsrf && csrf != null) {
            all.putIfAbsent("_csrf", csrf);
        }
        String body = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
