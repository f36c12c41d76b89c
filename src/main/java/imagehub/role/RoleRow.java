package imagehub.role;

import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Instant;

/** A {@code roles} row as stored, with the account for chain conditions. */
public record RoleRow(
        long id,
        String scopeLevel,
        long scopeId,
        Long accountId,
        String name,
        String osFamily,
        String category,
        String description,
        boolean deprecated,
        Instant deprecatedAt,
        Long replacementRoleId,
        String createdBy,
        Instant createdAt) {

    public static final String COLUMNS = """
            id, scope_level, scope_id, account_id, name, os_family, category, description, deprecated, deprecated_at,
            replacement_role_id, created_by, created_at""";

    public Role toRole() {
        return new Role(id, new ScopeRef(ScopeLevel.valueOf(scopeLevel), scopeId), name, osFamily, category, description,
                deprecated, deprecatedAt, replacementRoleId, createdBy, createdAt);
    }
}
