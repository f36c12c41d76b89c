package imagehub.db;

/** Where a database is and who connects to it; {@link #toString()} leaves the password out. */
public record DatabaseLogin(String url, String user, String password) {
    @Override
    public String toString() {
        return "DatabaseLogin[url=" + url + ", user=" + user + "]";
    }
}
