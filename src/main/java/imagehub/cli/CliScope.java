package imagehub.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scope a command works in, as given with {@code --scope}: {@code env:<id>}, {@code account:<id>} or {@code global}. */
record CliScope(Level level, long id) {
    private static final Pattern TEXT = Pattern.compile("(env|environment|account):(\\d{1,18})|global");

    enum Level {
        ENV("env", "user"), ACCOUNT("account", "account"), GLOBAL("global", "global");

        final String word;
        final String api;

        Level(String word, String api) {
            this.word = word;
            this.api = api;
        }
    }

    static CliScope parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw CliException.usage("--scope must be env:<id>, account:<id> or global, not '" + text + "'");
        }
        if (m.group(1) == null) {
            return new CliScope(Level.GLOBAL, 0);
        }
        return new CliScope(m.group(1).equals("account") ? Level.ACCOUNT : Level.ENV, Long.parseLong(m.group(2)));
    }

    /** The API path every route of this scope starts with, such as {@code /api/v1beta0/user/3}. */
    String basePath() {
        return "/api/v1beta0/" + level.api + (level == Level.GLOBAL ? "" : "/" + id);
    }

    @Override
    public String toString() {
        return level == Level.GLOBAL ? "global" : level.word + ":" + id;
    }
}
