package imagehub.picker;

import imagehub.access.Access;
import imagehub.access.Viewer;
import imagehub.core.ScopeRef;
import imagehub.scope.ScopeChain;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * What the pickers of a scope's forms offer: the objects of a kind that a viewer who may enter the scope sees
 * there, found by part of their name. A scope the viewer cannot enter is not found, like every page of it.
 */
public final class PickerService {
    public static final int LIMIT = 20;
    public static final int MAX_QUERY = 100;

    private final Jdbi jdbi;
    private final Access access;

    public PickerService(Jdbi jdbi, Access access) {
        this.jdbi = jdbi;
        this.access = access;
    }

    /** Up to {@link #LIMIT} objects whose name contains {@code query}, or whose id it is; a blank query lists the first. */
    public List<PickOption> search(Viewer viewer, ScopeRef scope, PickKind kind, String query) {
        ScopeChain chain = access.enter(viewer, scope);
        String text = query == null ? "" : query.strip();
        String bounded = text.length() > MAX_QUERY ? text.substring(0, MAX_QUERY) : text;
        return jdbi.withExtension(PickerDao.class, dao -> dao.search(kind, chain, bounded, LIMIT));
    }

    /**
     * What a picker whose field holds {@code value} shows as chosen: the object, or the value itself under "not
     * found" (missing and out of reach look the same); null for an empty field.
     */
    public PickOption chosen(Viewer viewer, ScopeRef scope, PickKind kind, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withExtension(PickerDao.class, dao -> dao.find(kind, chain, value))
                .orElseGet(() -> new PickOption(value, "no such " + kind.noun() + " here", ""));
    }
}
