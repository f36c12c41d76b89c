package imagehub.image;

import imagehub.AppContext;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.util.UUID;

/**
 * Images written straight into the catalog, as if registered while the cloud answered: for tests about what uses
 * images (roles, replacements) on a real cloud's platform, not about registering them.
 */
public final class CatalogRows {
    private CatalogRows() {
    }

    public static String insert(AppContext app, ScopeRef scope, String platform, String location, String cloudImageId,
            String name, String osId) {
        Long accountId = app.access.chain(scope).accountId();
        String id = UUID.randomUUID().toString();
        app.jdbi.useExtension(ImageDao.class, dao -> dao.insert(new ImageRow(id, scope.level().name(), scope.id(),
                accountId, platform, location, cloudImageId, name, "", osId, "x86_64", false, null,
                ImageSource.REGISTERED.id(), "tests", Instant.now(), false, null, null, null, null, null,
                CloudState.AVAILABLE.id(), null, null, null, scope.level().name(), scope.id(), null, null, false, null,
                null, false)));
        return id;
    }
}
