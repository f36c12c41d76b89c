package imagehub.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's Chromium, headless, driven by Playwright: one browser per test JVM, a fresh context (no
 * cookies) and page per test. Playwright never downloads a browser here.
 */
public final class Browser implements BeforeEachCallback, AfterEachCallback {
    private static final String CHROMIUM = System.getenv().getOrDefault("IMAGEHUB_TEST_CHROMIUM", "/usr/bin/chromium");
    private static Playwright playwright;
    private static com.microsoft.playwright.Browser browser;

    private BrowserContext context;
    private Page page;
    private final List<String> policyViolations = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static synchronized com.microsoft.playwright.Browser browser() {
        if (browser == null) {
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(CHROMIUM))
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--disable-component-update", "--no-first-run",
                            "--disable-sync", "--disable-quic")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                browser.close();
                playwright.close();
            }));
        }
        return browser;
    }

    @Override
    public void beforeEach(ExtensionContext extensionContext) {
        context = browser().newContext();
        context.setDefaultTimeout(10_000);
        page = context.newPage();
        // Every page of every browser test runs under the real Content-Security-Policy: nothing it blocks may be needed.
        context.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                policyViolations.add(message.text());
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext extensionContext) {
        if (context != null) {
            context.close();
        }
        if (!policyViolations.isEmpty()) {
            throw new AssertionError("The page broke its Content-Security-Policy: " + policyViolations);
        }
    }

    public Page page() {
        return page;
    }
}
