package imagehub.scope;

import imagehub.core.ScopeRef;

import gg.jte.Content;
import imagehub.access.Viewer;

/**
 * A section another feature adds to every scope dashboard, below its title: the dashboard shows what the
 * features contribute without depending on them.
 */
public interface DashboardPanel {
    /** The section for {@code viewer} at {@code scope}, which they may enter. */
    Content render(Viewer viewer, ScopeRef scope);
}
