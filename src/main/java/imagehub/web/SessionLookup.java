package imagehub.web;

import imagehub.access.Viewer;
import java.util.Optional;

/** Finds the signed-in session a session cookie names; the portal's only view of how sessions are kept. */
public interface SessionLookup {
    /** The live session of {@code token}; empty for none, an unknown, expired or blank one. */
    Optional<? extends SignedIn> find(String token);

    /** A signed-in session: who, and the CSRF token their forms must carry. */
    interface SignedIn {
        Viewer viewer();

        String csrfToken();
    }
}
