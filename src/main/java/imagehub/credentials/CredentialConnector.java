package imagehub.credentials;

import imagehub.access.NotFoundException;
import imagehub.catalog.Platform;
import imagehub.core.ConflictException;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.core.ValidationException;
import imagehub.provider.CloudConnector;
import imagehub.provider.CloudCredentials;
import imagehub.provider.CloudProvider;
import imagehub.provider.Clouds;
import imagehub.scope.ScopeChain;
import imagehub.scope.ScopeDao;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Connects a scope to a cloud with its stored credentials (see {@link CloudConnector}): the sandbox needs none; an
 * environment uses its own credentials for the platform, else its account's; an account its own. Named credentials
 * must be among those. Reads the database, makes no call to the cloud; the caller has checked the viewer's rights.
 */
public final class CredentialConnector implements CloudConnector {
    private final Jdbi jdbi;
    private final CredentialService credentials;
    private final Clouds clouds;

    public CredentialConnector(Jdbi jdbi, CredentialService credentials, Clouds clouds) {
        this.jdbi = jdbi;
        this.credentials = credentials;
        this.clouds = clouds;
    }

    @Override
    public CloudProvider connect(ScopeRef scope, Platform platform, String region, Long credentialsId) {
        if (!clouds.module(platform).needsCredentials()) {
            return clouds.connect(platform, null, region);
        }
        return clouds.connect(platform, credentialsFor(scope, platform, credentialsId), region);
    }

    /** The credentials {@code scope} uses for {@code platform}, unsealed; {@code credentialsId} names them or is null. */
    CloudCredentials credentialsFor(ScopeRef scope, Platform platform, Long credentialsId) {
        return credentials.unseal(resolve(scope, platform, credentialsId));
    }

    private CredentialRow resolve(ScopeRef scope, Platform platform, Long credentialsId) {
        if (scope.level() == ScopeLevel.GLOBAL) {
            throw new ConflictException("NoCloudCredentials", "cloudCredentials",
                    "Global scope holds no cloud credentials; use " + platform.label() + " from an environment");
        }
        ScopeChain chain = new ScopeChain(scope, accountOf(scope));
        List<CredentialRow> usable = jdbi.withExtension(CredentialDao.class, dao -> CredentialService.usableRows(dao, chain))
                .stream().filter(row -> row.platform().equals(platform.id())).toList();
        if (credentialsId != null) {
            return usable.stream().filter(row -> row.id() == credentialsId).findFirst()
                    .orElseThrow(() -> ValidationException.of("cloudCredentials", "No " + platform.label()
                            + " credentials " + credentialsId + " are stored for this " + scopeWord(scope)));
        }
        // The scope's own credentials hide its account's: an environment may override what its account set up.
        List<CredentialRow> nearest = usable.stream().filter(row -> row.scope().equals(scope)).toList();
        if (nearest.isEmpty()) {
            nearest = usable;
        }
        if (nearest.isEmpty()) {
            throw new ConflictException("NoCloudCredentials", "cloudCredentials", "No cloud credentials for "
                    + platform.label() + " are stored for this " + scopeWord(scope)
                    + ": an admin adds them under Settings → Cloud credentials");
        }
        if (nearest.size() > 1) {
            throw new ConflictException("CloudCredentialsAmbiguous", "cloudCredentials", "Several " + platform.label()
                    + " credentials are stored for this " + scopeWord(scope) + " ("
                    + String.join(", ", nearest.stream().map(CredentialRow::name).toList())
                    + "); name one with cloudCredentials");
        }
        return nearest.get(0);
    }

    private long accountOf(ScopeRef scope) {
        return scope.level() == ScopeLevel.ACCOUNT ? scope.id()
                : jdbi.withExtension(ScopeDao.class, dao -> dao.accountOf(scope))
                        .orElseThrow(() -> new NotFoundException("Environment " + scope.id()));
    }

    private static String scopeWord(ScopeRef scope) {
        return scope.level() == ScopeLevel.ENVIRONMENT ? "environment or its account" : "account";
    }
}
