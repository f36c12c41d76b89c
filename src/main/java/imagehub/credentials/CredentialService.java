package imagehub.credentials;

import imagehub.access.Access;
import imagehub.access.AccessLevel;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.catalog.Platform;
import imagehub.core.ConflictException;
import imagehub.core.Page;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.core.Secrets;
import imagehub.core.ValidationException;
import imagehub.provider.CloudCredentials;
import imagehub.provider.CloudModule;
import imagehub.provider.CloudProvider.ConnectionCheck;
import imagehub.provider.Clouds;
import imagehub.provider.ProviderException;
import imagehub.scope.ScopeChain;
import imagehub.usage.HiddenUses;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Cloud credentials of an account (usable by its environments) or of one environment, for the portal and the API
 * alike. Seeing or changing them takes admin rights on the scope of the request; an environment also lists its
 * account's credentials (they are usable there), which only the account's admins may change. Secrets are sealed
 * before they are stored and never leave this class unsealed except as {@link CloudCredentials} for a provider.
 * Every change is one transaction with one audit entry, which shows the secret only masked.
 */
public final class CredentialService {
    public static final int MAX_NAME = 64;
    public static final int MIN_SECRET = 16;
    public static final int MAX_SECRET = 256;
    public static final int MAX_ROLE_ARN = 600;
    public static final int MAX_ENDPOINT = 512;
    /** The platforms credentials are stored for: every real cloud (the sandbox needs none). */
    public static final List<Platform> PLATFORMS = List.of(Platform.EC2, Platform.ALIYUN);
    // AWS key ids are AKIA/ASIA and 16 more; emulators and partitions use other prefixes of the same alphabet.
    private static final Pattern AWS_KEY_ID = Pattern.compile("^[A-Z0-9]{16,128}$");
    private static final Pattern ALIYUN_KEY_ID = Pattern.compile("^[A-Za-z0-9]{16,128}$");
    private static final Pattern AWS_ROLE_ARN = Pattern.compile("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$");
    private static final Pattern ALIYUN_ROLE_ARN = Pattern.compile("^acs:ram::[0-9]{1,20}:role/[\\w+=,.@/-]{1,512}$");

    private final Jdbi jdbi;
    private final Access access;
    private final AuditWriter audit;
    private final Secrets secrets;
    private final Clouds clouds;
    private final Clock clock;
    private final List<CredentialUsage> usages = new ArrayList<>();

    public CredentialService(Jdbi jdbi, Access access, AuditWriter audit, Secrets secrets, Clouds clouds, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.secrets = secrets;
        this.clouds = clouds;
        this.clock = clock;
    }

    /**
     * What creating or editing credentials asks for, as typed. On an edit a blank secret keeps the stored one and
     * a null platform keeps the stored platform (which never changes).
     */
    public record CredentialInput(String name, String cloudPlatform, String accessKeyId, String secretAccessKey,
            String roleArn, String endpoint, List<String> defaultRegions) {
        @Override
        public String toString() {
            return "CredentialInput[name=" + name + ", cloudPlatform=" + cloudPlatform + ", accessKeyId=" + accessKeyId
                    + ", secretAccessKey=****, roleArn=" + roleArn + ", endpoint=" + endpoint + ", defaultRegions="
                    + defaultRegions + "]";
        }
    }

    /** What a connection test found: each kind of call Imagehub makes, working or not, in plain words. */
    public record ConnectionTest(boolean ok, String region, List<ConnectionCheck> checks) {
    }

    /** Input that passed every check; {@code secret} null keeps the stored one. */
    private record Valid(String name, Platform platform, String accessKeyId, String secret, String roleArn,
            String endpoint, List<String> defaultRegions) {
        @Override
        public String toString() {
            return "Valid[name=" + name + ", platform=" + platform + ", secret=****]";
        }
    }

    /** Adds what a feature knows about credential use (farm roles); called while the app is wired. */
    public void registerUsage(CredentialUsage usage) {
        usages.add(usage);
    }

    /** The credentials defined at {@code scope}, then, for an environment, its account's (usable there). */
    /** What a credentials list is narrowed to (each part matched exactly); null parts match all. */
    public record CredentialFilter(Long id, String name, Platform platform, ScopeLevel scope) {
    }

    /** {@code limit} of the credentials usable at {@code scope} from {@code offset}, and how many match in all. */
    public Page<Credential> page(Viewer viewer, ScopeRef scope, CredentialFilter filter, long offset, int limit) {
        ScopeChain chain = requireAdmin(viewer, scope);
        return jdbi.inTransaction(h -> {
            Page<CredentialRow> rows = h.attach(CredentialDao.class).page(chain, filter, offset, limit);
            return new Page<>(rows.items().stream().map(CredentialRow::toCredential).toList(), rows.total());
        });
    }

    public List<Credential> list(Viewer viewer, ScopeRef scope) {
        ScopeChain chain = requireAdmin(viewer, scope);
        return jdbi.withExtension(CredentialDao.class, dao -> usableRows(dao, chain).stream()
                .map(CredentialRow::toCredential).toList());
    }

    public Credential get(Viewer viewer, ScopeRef scope, long credentialsId) {
        ScopeChain chain = requireAdmin(viewer, scope);
        return jdbi.withExtension(CredentialDao.class, dao -> visible(chain, dao.find(credentialsId), credentialsId));
    }

    /** The credentials, once the viewer may change them: 404 when unseen, 403 when only seen (an account's, from an environment). */
    public Credential getForChange(Viewer viewer, ScopeRef scope, long credentialsId) {
        Credential credential = get(viewer, scope, credentialsId);
        access.requireAdmin(viewer, credential.scope(), "change " + credential.name());
        return credential;
    }

    /** Whether the viewer may change {@code credential} (admins of the scope that defines it). */
    public boolean canChange(Viewer viewer, Credential credential) {
        return access.allows(viewer, credential.scope(), AccessLevel.ADMIN);
    }

    /** Admin rights at {@code scope}, for the pages: 404 outside reach, 403 when only seen. */
    public void requireManage(Viewer viewer, ScopeRef scope) {
        requireAdmin(viewer, scope);
    }

    public Credential create(Viewer viewer, ScopeRef scope, CredentialInput input) {
        ScopeChain chain = requireAdmin(viewer, scope);
        Valid valid = check(input, null);
        String sealed = secrets.seal(valid.secret());
        return jdbi.inTransaction(h -> {
            CredentialDao dao = h.attach(CredentialDao.class);
            refuseNameClash(dao, scope, valid.name(), 0);
            long id = dao.insert(scope.level().name(), scope.id(), chain.accountId(), valid.name(), valid.platform().id(),
                    valid.accessKeyId(), sealed, last4(valid.secret()), valid.roleArn(), valid.endpoint(),
                    CredentialRow.joinRegions(valid.defaultRegions()), viewer.email(), clock.instant());
            Credential created = dao.find(id).orElseThrow().toCredential();
            record(h, viewer, "cloud-credentials.create", created, null, created);
            return created;
        });
    }

    /** Changes credentials; a blank secret keeps the stored one. The platform never changes. */
    public Credential update(Viewer viewer, ScopeRef scope, long credentialsId, CredentialInput input) {
        ScopeChain chain = requireAdmin(viewer, scope);
        Credential current = jdbi.withExtension(CredentialDao.class,
                dao -> visible(chain, dao.find(credentialsId), credentialsId));
        Valid valid = check(input, current.platform());
        String sealed = valid.secret() == null ? null : secrets.seal(valid.secret());
        Credential updated = jdbi.inTransaction(h -> {
            CredentialDao dao = h.attach(CredentialDao.class);
            Credential before = lockForChange(viewer, chain, dao, credentialsId);
            refuseNameClash(dao, before.scope(), valid.name(), before.id());
            dao.update(before.id(), valid.name(), valid.accessKeyId(), sealed,
                    valid.secret() == null ? null : last4(valid.secret()), valid.roleArn(), valid.endpoint(),
                    CredentialRow.joinRegions(valid.defaultRegions()), clock.instant());
            Credential after = dao.find(before.id()).orElseThrow().toCredential();
            record(h, viewer, "cloud-credentials.update", after, before, after);
            return after;
        });
        clouds.forget(credentialsId);
        return updated;
    }

    /** Deletes credentials nothing uses; otherwise refuses, naming what uses them. */
    public void delete(Viewer viewer, ScopeRef scope, long credentialsId) {
        ScopeChain chain = requireAdmin(viewer, scope);
        jdbi.useTransaction(h -> {
            CredentialDao dao = h.attach(CredentialDao.class);
            Credential before = lockForChange(viewer, chain, dao, credentialsId);
            List<CredentialUsage.Use> uses = new ArrayList<>();
            usages.forEach(usage -> uses.addAll(usage.usesOf(h, before)));
            HiddenUses.Split<CredentialUsage.Use> split = HiddenUses.split(uses, s -> access.canSee(viewer, s));
            if (split.inUse()) {
                throw ConflictException.inUse(before.name() + " is still used by " + split.describe());
            }
            dao.delete(before.id());
            record(h, viewer, "cloud-credentials.delete", before, before, null);
        });
        clouds.forget(credentialsId);
    }

    /**
     * Tries the credentials read-only in {@code region} (null: their first default region). Runs outside any
     * transaction: the cloud may take its time. A cloud failure is a failed check, never an error.
     */
    public ConnectionTest test(Viewer viewer, ScopeRef scope, long credentialsId, String region) {
        ScopeChain chain = requireAdmin(viewer, scope);
        CredentialRow row = jdbi.withExtension(CredentialDao.class, dao -> dao.find(credentialsId))
                .filter(r -> chain.sees(r.scope()))
                .orElseThrow(() -> new NotFoundException("Cloud credentials " + credentialsId));
        CloudModule module = clouds.module(row.cloudPlatform());
        String location = region == null || region.isBlank() ? null : region.strip();
        if (location == null) {
            List<String> defaults = CredentialRow.regions(row.defaultRegions());
            if (defaults.isEmpty()) {
                throw ValidationException.of("cloudLocation",
                        "Name a region to test in: " + row.name() + " have no default regions");
            }
            location = defaults.get(0);
        } else if (!module.hasRegion(location)) {
            throw ValidationException.of("cloudLocation", location + " is not a region of " + module.platform().label());
        }
        List<ConnectionCheck> checks;
        try {
            checks = clouds.connect(row.cloudPlatform(), unseal(row), location).testConnection();
        } catch (ProviderException e) {
            checks = List.of(new ConnectionCheck("Connect", false, e.getMessage()));
        }
        return new ConnectionTest(!checks.isEmpty() && checks.stream().allMatch(ConnectionCheck::ok), location, checks);
    }

    /**
     * The credentials for {@code platform} that {@code scope} may use: an environment's own, then its account's; an
     * account's own. For pickers; the caller has checked the viewer's rights on {@code scope}.
     */
    public List<CredentialChoice> usableIn(ScopeRef scope, Platform platform) {
        ScopeChain chain = access.chain(scope);
        return jdbi.withExtension(CredentialDao.class, dao -> usableRows(dao, chain).stream()
                .filter(row -> row.platform().equals(platform.id()))
                .map(row -> new CredentialChoice(row.id(), row.name(), platform, row.scope())).toList());
    }

    /** For {@link imagehub.scope.ScopeService#registerContents}: a scope holding credentials is not deleted. */
    public List<String> heldAt(Handle handle, ScopeRef scope) {
        long count = handle.attach(CredentialDao.class).countAt(scope.level().name(), scope.id());
        return count == 0 ? List.of() : List.of(count + " cloud credentials");
    }

    /** The row's secret, unsealed, as a provider needs it. Held in memory only. */
    CloudCredentials unseal(CredentialRow row) {
        return new CloudCredentials(row.id(), row.cloudPlatform(), row.accessKeyId(), secrets.open(row.secretSealed()),
                row.roleArn(), row.endpoint(), row.updatedAt());
    }

    /** The rows usable at {@code chain}'s scope: its own first, then (for an environment) its account's. */
    static List<CredentialRow> usableRows(CredentialDao dao, ScopeChain chain) {
        List<CredentialRow> rows = new ArrayList<>(dao.definedAt(chain.scope().level().name(), chain.scope().id()));
        if (chain.scope().level() == ScopeLevel.ENVIRONMENT) {
            rows.addAll(dao.definedAt(ScopeLevel.ACCOUNT.name(), chain.accountId()));
        }
        return rows;
    }

    /** Admin rights on an account or environment scope; credentials live nowhere else. */
    private ScopeChain requireAdmin(Viewer viewer, ScopeRef scope) {
        if (scope.level() == ScopeLevel.GLOBAL) {
            throw new NotFoundException("Cloud credentials at Global scope");
        }
        access.requireManage(viewer, scope);
        return access.chain(scope);
    }

    private Credential visible(ScopeChain chain, Optional<CredentialRow> row, long credentialsId) {
        return access.visible(chain, row.map(CredentialRow::toCredential), "Cloud credentials " + credentialsId);
    }

    private Credential lockForChange(Viewer viewer, ScopeChain chain, CredentialDao dao, long credentialsId) {
        return access.requireChange(viewer, chain, dao.lock(credentialsId).map(CredentialRow::toCredential),
                "Cloud credentials " + credentialsId);
    }

    private static void refuseNameClash(CredentialDao dao, ScopeRef scope, String name, long exceptId) {
        if (dao.countNamed(scope.level().name(), scope.id(), name, exceptId) > 0) {
            throw ConflictException.unicity("name", "Cloud credentials named " + name + " already exist here");
        }
    }

    private void record(Handle h, Viewer viewer, String action, Credential credential, Object before, Object after) {
        audit.record(h, viewer, new AuditWriter.Change(action, "cloud-credentials", String.valueOf(credential.id()),
                credential.name(), credential.scope(), before, after));
    }

    /** Checks every field, reporting all errors at once; {@code fixed} is the stored platform on an edit. */
    private Valid check(CredentialInput input, Platform fixed) {
        ValidationException.Collector errors = new ValidationException.Collector();
        String name = strip(input.name());
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            errors.add("name", "Give the credentials a name of 1 to " + MAX_NAME + " characters");
        }
        Platform platform = platform(input.cloudPlatform(), fixed, errors);
        String keyId = strip(input.accessKeyId());
        if (platform == Platform.EC2 && !AWS_KEY_ID.matcher(keyId).matches()) {
            errors.add("accessKeyId", "An AWS access key id is 16 to 128 upper-case letters and digits, like AKIAIOSFODNN7EXAMPLE");
        } else if (platform == Platform.ALIYUN && !ALIYUN_KEY_ID.matcher(keyId).matches()) {
            errors.add("accessKeyId", "An Alibaba Cloud AccessKey id is 16 to 128 letters and digits, like LTAI5tExampleKey1234");
        }
        String secret = strip(input.secretAccessKey());
        if (secret.isEmpty() && fixed != null) {
            secret = null;
        } else if (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET || secret.chars().anyMatch(Character::isWhitespace)) {
            errors.add("secretAccessKey", "The secret is " + MIN_SECRET + " to " + MAX_SECRET + " characters without spaces");
        }
        String roleArn = blankToNull(input.roleArn());
        if (roleArn != null && platform != null) {
            Pattern shape = platform == Platform.EC2 ? AWS_ROLE_ARN : ALIYUN_ROLE_ARN;
            if (roleArn.length() > MAX_ROLE_ARN || !shape.matcher(roleArn).matches()) {
                errors.add("roleArn", platform == Platform.EC2
                        ? "An IAM role ARN looks like arn:aws:iam::123456789012:role/imagehub"
                        : "A RAM role ARN looks like acs:ram::1234567890123456:role/imagehub");
            }
        }
        String endpoint = blankToNull(input.endpoint());
        if (endpoint != null && !isEndpoint(endpoint)) {
            errors.add("endpoint", "The endpoint is an http(s) base URL without user, query or fragment, like "
                    + "https://ec2.vpce.example.com, at most " + MAX_ENDPOINT + " characters");
        }
        List<String> regions = new ArrayList<>();
        if (platform != null) {
            CloudModule module = clouds.module(platform);
            for (String region : new LinkedHashSet<>(input.defaultRegions() == null ? List.of() : input.defaultRegions())) {
                String value = strip(region);
                if (!module.hasRegion(value)) {
                    errors.add("defaultRegions", "'" + value + "' is not a region of " + platform.label());
                }
                regions.add(value);
            }
        }
        errors.throwIfAny();
        return new Valid(name, platform, keyId, secret, roleArn, endpoint, List.copyOf(new LinkedHashSet<>(regions)));
    }

    private static Platform platform(String given, Platform fixed, ValidationException.Collector errors) {
        String id = strip(given);
        if (fixed != null) {
            if (!id.isEmpty() && !id.equals(fixed.id())) {
                errors.add("cloudPlatform", "Stored credentials keep their platform (" + fixed.id()
                        + "); add new credentials for " + id);
            }
            return fixed;
        }
        Optional<Platform> platform = Platform.find(id).filter(PLATFORMS::contains);
        if (platform.isEmpty()) {
            errors.add("cloudPlatform", id.equals(Platform.SANDBOX.id()) ? "The sandbox needs no credentials"
                    : "Choose the platform: ec2 (Amazon EC2) or aliyun (Alibaba Cloud)");
        }
        return platform.orElse(null);
    }

    private static boolean isEndpoint(String text) {
        if (text.length() > MAX_ENDPOINT) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String last4(String secret) {
        return secret.substring(secret.length() - 4);
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    private static String blankToNull(String value) {
        String stripped = strip(value);
        return stripped.isEmpty() ? null : stripped;
    }
}
