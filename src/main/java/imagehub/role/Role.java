package imagehub.role;

import imagehub.core.ScopeRef;
import imagehub.scope.Scoped;
import java.time.Instant;

/**
 * What a server is: a name unique along its scope chain, an OS family that every image it uses must
 * share, and, once deprecated, optionally the role that replaces it.
 */
public record Role(
        long id,
        ScopeRef scope,
        String name,
        String osFamily,
        String category,
        String description,
        boolean deprecated,
        Instant deprecatedAt,
        Long replacementRoleId,
        String createdBy,
        Instant createdAt) implements Scoped {
}
