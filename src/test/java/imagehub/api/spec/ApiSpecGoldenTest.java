package imagehub.api.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import imagehub.api.ApiSpecs;
import imagehub.support.TestApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The committed specs, src/main/resources/api/*.yml, are exactly what the app generates from its route
 * declarations: a change to a route, body or filter shows up in review as a change of these files.
 * Rewrite them with {@value #REWRITE}.
 */
class ApiSpecGoldenTest {
    static final String REWRITE = "mvn -q test -Dtest=ApiSpecGoldenTest -Dspecs.write=true";
    private static final Path DIRECTORY = Path.of("src", "main", "resources", "api");

    @RegisterExtension
    static final TestApp app = new TestApp();

    @Test
    void the_committed_specs_are_what_the_code_generates() throws IOException {
        boolean write = Boolean.getBoolean("specs.write");
        List<String> stale = new ArrayList<>();
        for (String level : ApiSpecs.LEVELS) {
            String generated = app.get(ApiSpecs.path(level)).body();
            Path file = DIRECTORY.resolve(level + ".v1beta0.yml");
            String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (write) {
                Files.writeString(file, generated, StandardCharsets.UTF_8);
            } else if (!generated.equals(committed)) {
                stale.add(file + " differs from the generated spec:\n" + diff(committed, generated));
            }
        }
        if (!stale.isEmpty()) {
            fail(String.join("\n", stale) + "\nIf the change is intended, rewrite the files with\n    " + REWRITE
                    + "\nand commit them.");
        }
    }

    @Test
    void the_generator_writes_every_level_the_same_way_twice() {
        for (Level level : Level.values()) {
            String first = app.get(ApiSpecs.path(level.id())).body();
            assertTrue(first.startsWith("# Generated from"), level + ": " + first.substring(0, 40));
            assertEquals(first, app.get(ApiSpecs.path(level.id())).body(), level.id());
        }
    }

    /** The differing lines with a little context, as {@code -committed} / {@code +generated}. */
    static String diff(String committed, String generated) {
        List<String> old = committed.lines().toList();
        List<String> now = generated.lines().toList();
        int start = 0;
        while (start < old.size() && start < now.size() && old.get(start).equals(now.get(start))) {
            start++;
        }
        int oldEnd = old.size();
        int nowEnd = now.size();
        while (oldEnd > start && nowEnd > start && old.get(oldEnd - 1).equals(now.get(nowEnd - 1))) {
            oldEnd--;
            nowEnd--;
        }
        StringBuilder out = new StringBuilder();
        out.append("@@ line ").append(start + 1).append(" @@\n");
        for (int i = Math.max(0, start - 3); i < start; i++) {
            out.append("  ").append(old.get(i)).append('\n');
        }
        appendLines(out, "- ", old.subList(start, oldEnd));
        appendLines(out, "+ ", now.subList(start, nowEnd));
        for (int i = oldEnd; i < Math.min(old.size(), oldEnd + 3); i++) {
            out.append("  ").append(old.get(i)).append('\n');
        }
        return out.toString();
    }

    private static void appendLines(StringBuilder out, String sign, List<String> lines) {
        int shown = Math.min(lines.size(), 40);
        lines.subList(0, shown).forEach(line -> out.append(sign).append(line).append('\n'));
        if (shown < lines.size()) {
            out.append(sign).append("… ").append(lines.size() - shown).append(" more lines\n");
        }
    }
}
