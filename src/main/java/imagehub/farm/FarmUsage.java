package imagehub.farm;

import imagehub.core.ScopeRef;
import imagehub.credentials.Credential;
import imagehub.credentials.CredentialService;
import imagehub.credentials.CredentialUsage;
import imagehub.image.Image;
import imagehub.image.ImageService;
import imagehub.image.ImageUsage;
import imagehub.role.Role;
import imagehub.role.RoleService;
import imagehub.role.RoleUsage;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What in farms uses a role, an image or stored cloud credentials: registered with their services, run in their
 * transactions.
 */
public final class FarmUsage {
    /** For {@link RoleService#registerUsage}: the farm roles that run the role, with their server counts. */
    public List<RoleUsage.Use> usesOfRole(Handle h, Role role) {
        return h.attach(FarmDao.class).roleUses(role.id());
    }

    /**
     * For {@link CredentialService#registerUsage}: farm roles bound to a scaling group that name the credentials, or
     * name none and run where these are the platform's credentials (their environment, or an environment of their
     * account).
     */
    public List<CredentialUsage.Use> usesOfCredentials(Handle h, Credential credential) {
        ScopeRef scope = credential.scope();
        return h.createQuery("""
                        SELECT fr.id, fr.alias, f.name, f.env_id FROM farm_roles fr JOIN farms f ON f.id = fr.farm_id
                        WHERE fr.scaling_group_id IS NOT NULL AND fr.platform = :platform
                          AND (fr.cloud_credentials_id = :id OR (fr.cloud_credentials_id IS NULL
                            AND ((:level = 'ENVIRONMENT' AND f.env_id = :scopeId)
                              OR (:level = 'ACCOUNT' AND f.account_id = :scopeId))))
                        ORDER BY f.name, fr.alias""")
                .bind("platform", credential.platform()).bind("id", credential.id())
                .bind("level", scope.level().name()).bind("scopeId", scope.id())
                .map((rs, ctx) -> new CredentialUsage.Use("farm role", rs.getString("id"),
                        rs.getString("alias") + " in farm " + rs.getString("name"),
                        ScopeRef.environment(rs.getLong("env_id"))))
                .list();
    }

    /** For {@link ImageService#registerUsage}: farms with active servers launched from the image. */
    public List<ImageUsage.Use> usesOfImage(Handle h, Image image) {
        return h.attach(FarmDao.class).imageUses(image.id());
    }
}
