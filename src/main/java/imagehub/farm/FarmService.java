package imagehub.farm;

import imagehub.access.Access;
import imagehub.access.NotFoundException;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.catalog.Platform;
import imagehub.core.ConflictException;
import imagehub.core.Page;
import imagehub.core.ValidationException;
import imagehub.provider.CloudConnector;
import imagehub.provider.CloudModule;
import imagehub.provider.CloudProvider;
import imagehub.provider.Clouds;
import imagehub.provider.ProviderException;
import imagehub.role.RoleService;
import imagehub.scope.Environment;
import imagehub.scope.ScopeDao;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Farms and farm roles in an environment, and reading their servers. Reading needs a grant on the environment;
 * changing farms and farm roles needs operator rights there. {@link ServerLifecycle} runs the servers.
 */
public final class FarmService {
    public static final int MAX_SERVERS_PER_ROLE = 100;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$");
    private static final Pattern ALIAS = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    /** One answer for an unknown owner email and for a user without access: it must not tell them apart. */
    static final String OWNER_REFUSED = "No user with access to this environment has this email";

    private final Jdbi jdbi;
    private final Access access;
    private final AuditWriter audit;
    private final RoleService roles;
    private final Clouds clouds;
    private final CloudConnector connector;
    private final FarmImageSync imageSync;
    private final Clock clock;

    public FarmService(Jdbi jdbi, Access access, AuditWriter audit, RoleService roles, Clouds clouds,
            CloudConnector connector, FarmImageSync imageSync, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.roles = roles;
        this.clouds = clouds;
        this.connector = connector;
        this.imageSync = imageSync;
        this.clock = clock;
    }

    public record FarmInput(String name, String description, String ownerEmail) {
    }

    /** A farm role to add; on a real cloud the scaling group to bind and, where several are stored, the credentials. */
    public record FarmRoleInput(long roleId, String platform, String cloudLocation, int minServers, int maxServers,
            String alias, String scalingGroupId, Long cloudCredentialsId) {
        /** A sandbox farm role. */
        public FarmRoleInput(long roleId, String platform, String cloudLocation, int minServers, int maxServers,
                String alias) {
            this(roleId, platform, cloudLocation, minServers, maxServers, alias, null, null);
        }
    }

    /**
     * A farm with its farm roles, their active servers, and the image each farm role's role currently uses
     * for its location (by farm role id; absent when the role no longer has one there).
     */
    public record FarmDetail(Farm farm, List<FarmRole> farmRoles, List<Server> servers, Map<Long, String> currentImages) {
        public boolean onCurrentImage(Server server) {
            return server.imageId().equals(currentImages.get(server.farmRoleId()));
        }

        /** The share of active servers on their role's current image, 0 to 100; null without servers. */
        public Integer freshnessPercent() {
            if (servers.isEmpty()) {
                return null;
            }
            long current = servers.stream().filter(this::onCurrentImage).count();
            return (int) Math.floor(current * 100.0 / servers.size());
        }
    }

    /** Farms the viewer can see from {@code scope}: the environment's, or those of every environment below it. */
    public List<Farm> list(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
        List<Long> envIds = visibleEnvironments(viewer, scope);
        return envIds.isEmpty() ? List.of() : jdbi.withExtension(FarmDao.class, dao -> dao.listFarms(envIds));
    }

    /** Active servers per farm id, for the farms {@link #list} shows from {@code scope}. */
    public Map<Long, Integer> activeServerCounts(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
        List<Long> envIds = visibleEnvironments(viewer, scope);
        return envIds.isEmpty() ? Map.of() : jdbi.withExtension(FarmDao.class, dao -> dao.activeServerCounts(envIds));
    }

    /** What a farm list is narrowed to (each part matched exactly); null parts match every farm. */
    public record FarmFilter(Long id, String name, Long ownerId, FarmStatus status) {
    }

    /** What a farm role list is narrowed to (each part matched exactly); null parts match every farm role. */
    public record FarmRoleFilter(Long id, String alias, Long roleId, Platform platform, String location) {
    }

    /** What a server list is narrowed to (each part matched exactly); null parts match every server. */
    public record ServerFilter(Long id, Long farmId, Long farmRoleId, ServerStatus status, String imageId,
            String cloudInstanceId, Platform platform, String location) {
    }

    /** {@code limit} of the environment's farms from {@code offset}, by name, with the number of all that match. */
    public Page<Farm> farms(Viewer viewer, long envId, FarmFilter filter, long offset, int limit) {
        access.requireEnter(viewer, ScopeRef.environment(envId));
        return jdbi.inTransaction(h -> h.attach(FarmDao.class).farmPage(envId, filter, offset, limit));
    }

    /** {@code limit} of the farm's farm roles from {@code offset}, by alias, with the number of all that match. */
    public Page<FarmRole> farmRoles(Viewer viewer, long farmId, FarmRoleFilter filter, long offset, int limit) {
        get(viewer, farmId);
        return jdbi.inTransaction(h -> h.attach(FarmDao.class).farmRolePage(farmId, filter, offset, limit));
    }

    /** {@code limit} of the environment's active servers from {@code offset}, with the number of all that match. */
    public Page<Server> activeServers(Viewer viewer, long envId, ServerFilter filter, long offset, int limit) {
        access.requireEnter(viewer, ScopeRef.environment(envId));
        return jdbi.inTransaction(h -> h.attach(FarmDao.class).activeServerPage(envId, filter, offset, limit));
    }

    public Farm get(Viewer viewer, long farmId) {
        return jdbi.withExtension(FarmDao.class, dao -> visible(viewer, dao.findFarm(farmId).orElse(null), farmId));
    }

    public FarmDetail detail(Viewer viewer, long farmId) {
        return jdbi.withHandle(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            Farm farm = visible(viewer, dao.findFarm(farmId).orElse(null), farmId);
            return new FarmDetail(farm, dao.farmRoles(farmId), dao.activeServersOfFarm(farmId), dao.currentImages(farmId));
        });
    }

    public boolean canOperate(Viewer viewer, Farm farm) {
        return canOperate(viewer, farm.scope());
    }

    /** Whether the viewer may create and run farms in {@code scope}. */
    public boolean canOperate(Viewer viewer, ScopeRef scope) {
        return access.allows(viewer, scope, AccessLevel.OPERATOR);
    }

    /** 404 outside the viewer's reach, 403 when the viewer may only look at the environment's farms. */
    public void requireCreate(Viewer viewer, long envId) {
        access.requireOperate(viewer, ScopeRef.environment(envId));
    }

    public Farm create(Viewer viewer, long envId, FarmInput input) {
        ScopeRef scope = ScopeRef.environment(envId);
        access.requireOperate(viewer, scope);
        return jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            Environment env = h.attach(ScopeDao.class).findEnvironment(envId).orElseThrow(() -> new NotFoundException("Environment " + envId));
            ValidationException.Collector errors = new ValidationException.Collector();
            String name = checkName(errors, input.name());
            String description = checkDescription(errors, input.description());
            Long ownerId = owner(h, errors, input.ownerEmail(), viewer, env.accountId(), envId);
            errors.throwIfAny();
            if (dao.findFarmByName(envId, name).isPresent()) {
                throw ConflictException.unicity("name", "This environment already has a farm named " + name);
            }
            long id = dao.insertFarm(envId, env.accountId(), name, description, ownerId, viewer.email(), clock.instant());
            Farm farm = dao.findFarm(id).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("farm.create", "farm", String.valueOf(id), name, scope, null, farm));
            return farm;
        });
    }

    public Farm update(Viewer viewer, long farmId, FarmInput input) {
        Farm current = get(viewer, farmId);
        access.requireOperate(viewer, current.scope());
        return jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            ValidationException.Collector errors = new ValidationException.Collector();
            String name = checkName(errors, input.name());
            String description = checkDescription(errors, input.description());
            Long ownerId = input.ownerEmail() == null ? current.ownerId()
                    : owner(h, errors, input.ownerEmail(), viewer, current.accountId(), current.envId());
            errors.throwIfAny();
            if (dao.findFarmByName(current.envId(), name).filter(f -> f.id() != farmId).isPresent()) {
                throw ConflictException.unicity("name", "This environment already has a farm named " + name);
            }
            dao.updateFarm(farmId, name, description, ownerId);
            Farm after = dao.findFarm(farmId).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("farm.update", "farm", String.valueOf(farmId), name,
                    current.scope(), current, after));
            return after;
        });
    }

    /** Deletes a terminated farm with its farm roles; refused while it has active servers. */
    public void delete(Viewer viewer, long farmId) {
        Farm current = get(viewer, farmId);
        access.requireOperate(viewer, current.scope());
        jdbi.useTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            Farm farm = dao.lockFarm(farmId).orElseThrow(() -> new NotFoundException("Farm " + farmId));
            if (farm.status() != FarmStatus.TERMINATED || !dao.activeServersOfFarm(farmId).isEmpty()) {
                throw ConflictException.inUse("Farm " + farm.name() + " is " + farm.status().label()
                        + "; terminate it before deleting it");
            }
            List<FarmRole> farmRoles = dao.farmRoles(farmId);
            dao.deleteServersOfFarm(farmId);
            farmRoles.forEach(fr -> dao.deleteFarmRole(fr.id()));
            dao.deleteFarm(farmId);
            audit.record(h, viewer, new AuditWriter.Change("farm.delete", "farm", String.valueOf(farmId), farm.name(),
                    farm.scope(), Map.of("farm", farm, "farmRoles", farmRoles), null));
        });
    }

    /**
     * Adds a role in one platform + location: the role must be visible from the farm's environment, not
     * deprecated, and have an image for that location. On a real cloud the farm role is bound to an existing
     * scaling group, looked up in the cloud (outside any transaction) before anything is written; its size is the
     * group's, and the group is brought onto the role's image right after.
     */
    public FarmRole addFarmRole(Viewer viewer, long farmId, FarmRoleInput input) {
        Farm farm = get(viewer, farmId);
        access.requireOperate(viewer, farm.scope());
        ValidationException.Collector errors = new ValidationException.Collector();
        Platform platform = Platform.find(input.platform()).orElse(null);
        boolean bound = platform != null && clouds.find(platform).map(CloudModule::needsCredentials).orElse(false);
        if (platform == null || clouds.find(platform).isEmpty()) {
            errors.add("platform", "Choose one of " + clouds.platforms().stream().map(Platform::id).toList());
        } else if (!clouds.module(platform).hasRegion(input.cloudLocation())) {
            errors.add("cloudLocation", platform.label() + " has no location " + input.cloudLocation());
        }
        String groupId = input.scalingGroupId() == null || input.scalingGroupId().isBlank() ? null
                : input.scalingGroupId().strip();
        if (bound && groupId == null) {
            errors.add("scalingGroupId", "Choose the scaling group this farm role runs in");
        } else if (!bound && (groupId != null || input.cloudCredentialsId() != null)) {
            errors.add("scalingGroupId", "The sandbox scales its farm roles itself: leave the scaling group out");
        }
        if (!bound) {
            checkSize(errors, input.minServers(), input.maxServers());
        }
        errors.throwIfAny();
        imagehub.role.Role role;
        try {
            role = roles.get(viewer, farm.scope(), input.roleId());
        } catch (NotFoundException e) {
            throw ValidationException.of("roleId", "There is no role " + input.roleId() + " usable in this environment");
        }
        if (role.deprecated()) {
            throw ValidationException.of("roleId", "Role " + role.name() + " is deprecated and cannot be added to farms");
        }
        CloudProvider.ScalingGroup group = bound
                ? scalingGroup(farm, platform, input.cloudLocation(), input.cloudCredentialsId(), groupId) : null;
        return jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            dao.lockFarm(farmId);
            String imageId = dao.roleImage(role.id(), platform, input.cloudLocation()).orElseThrow(() ->
                    ValidationException.of("cloudLocation", "Role " + role.name() + " has no image for "
                            + platform.id() + " " + input.cloudLocation()));
            String alias = input.alias() == null || input.alias().isBlank()
                    ? role.name() + "-" + input.cloudLocation() : input.alias().strip();
            if (!ALIAS.matcher(alias).matches() || alias.length() > 100) {
                throw ValidationException.of("alias", "Use lower-case words joined by hyphens, at most 100 characters");
            }
            if (dao.farmRoles(farmId).stream().anyMatch(fr -> fr.alias().equals(alias))) {
                throw ConflictException.unicity("alias", "This farm already has a farm role named " + alias);
            }
            if (group != null && dao.boundInEnvironment(farm.envId(), platform, input.cloudLocation(), groupId)) {
                throw ConflictException.unicity("scalingGroupId", "Scaling group " + groupId
                        + " is already bound to a farm role of this environment");
            }
            long id = dao.insertFarmRole(farmId, role.id(), alias, platform, input.cloudLocation(),
                    group == null ? input.minServers() : group.minSize(),
                    group == null ? input.maxServers() : group.maxSize(), groupId, input.cloudCredentialsId(),
                    clock.instant());
            if (group != null) {
                imageSync.bound(h, id, input.cloudLocation(), imageId, group.cloudImageId());
            }
            FarmRole created = dao.findFarmRole(id).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("farm-role.create", "farm-role", String.valueOf(id), alias,
                    farm.scope(), null, created));
            return created;
        });
    }

    /** The scaling groups the cloud has in one location, for the binding form; the viewer must operate farms there. */
    public List<CloudProvider.ScalingGroup> scalingGroups(Viewer viewer, long envId, Platform platform, String location,
            Long credentialsId) {
        ScopeRef scope = ScopeRef.environment(envId);
        access.requireOperate(viewer, scope);
        if (!clouds.module(platform).hasRegion(location)) {
            throw ValidationException.of("cloudLocation", platform.label() + " has no location " + location);
        }
        return connector.connect(scope, platform, location, credentialsId).listScalingGroups();
    }

    /** The group to bind, looked up in the cloud: a field error when it does not exist there or the lookup failed. */
    private CloudProvider.ScalingGroup scalingGroup(Farm farm, Platform platform, String location, Long credentialsId,
            String groupId) {
        try {
            return connector.connect(farm.scope(), platform, location, credentialsId).describeScalingGroup(groupId)
                    .orElseThrow(() -> ValidationException.of("scalingGroupId", "There is no scaling group " + groupId
                            + " in " + platform.label() + " " + location));
        } catch (ProviderException e) {
            throw ValidationException.of("scalingGroupId", "Could not look up scaling group " + groupId + ": "
                    + e.getMessage());
        }
    }

    /** Retries writing the role's image into the bound scaling group; the farm role with the outcome. */
    public FarmRole retryImageSync(Viewer viewer, long farmRoleId) {
        FarmRole farmRole = farmRole(viewer, farmRoleId);
        access.requireOperate(viewer, ScopeRef.environment(farmRole.envId()));
        if (!farmRole.bound()) {
            throw new ConflictException("NotBound", "", "Farm role " + farmRole.alias()
                    + " runs on the sandbox, which takes its role's image at every launch: there is nothing to sync");
        }
        imageSync.retry(viewer, farmRole);
        return farmRole(viewer, farmRoleId);
    }

    public FarmRole resizeFarmRole(Viewer viewer, long farmRoleId, int minServers, int maxServers) {
        FarmRole current = farmRole(viewer, farmRoleId);
        Farm farm = get(viewer, current.farmId());
        access.requireOperate(viewer, farm.scope());
        if (current.bound()) {
            throw new ConflictException("ScalingGroup", "", "Farm role " + current.alias() + " takes its size from "
                    + "scaling group " + current.scalingGroupId() + ": change it in the cloud");
        }
        ValidationException.Collector errors = new ValidationException.Collector();
        checkSize(errors, minServers, maxServers);
        errors.throwIfAny();
        return jdbi.inTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            dao.lockFarmRole(farmRoleId);
            dao.resizeFarmRole(farmRoleId, minServers, maxServers);
            FarmRole after = dao.findFarmRole(farmRoleId).orElseThrow();
            audit.record(h, viewer, new AuditWriter.Change("farm-role.resize", "farm-role", String.valueOf(farmRoleId),
                    current.alias(), farm.scope(), current, after));
            return after;
        });
    }

    public void removeFarmRole(Viewer viewer, long farmRoleId) {
        FarmRole current = farmRole(viewer, farmRoleId);
        Farm farm = get(viewer, current.farmId());
        access.requireOperate(viewer, farm.scope());
        jdbi.useTransaction(h -> {
            FarmDao dao = h.attach(FarmDao.class);
            dao.lockFarmRole(farmRoleId);
            if (dao.activeServerCount(farmRoleId) > 0) {
                throw ConflictException.inUse("Farm role " + current.alias() + " still has servers; terminate them first");
            }
            dao.deleteServersOfFarmRole(farmRoleId);
            dao.deleteFarmRole(farmRoleId);
            audit.record(h, viewer, new AuditWriter.Change("farm-role.delete", "farm-role", String.valueOf(farmRoleId),
                    current.alias(), farm.scope(), current, null));
        });
    }

    public FarmRole farmRole(Viewer viewer, long farmRoleId) {
        FarmRole farmRole = jdbi.withExtension(FarmDao.class, dao -> dao.findFarmRole(farmRoleId))
                .orElseThrow(() -> new NotFoundException("Farm role " + farmRoleId));
        get(viewer, farmRole.farmId());
        return farmRole;
    }

    public List<Server> servers(Viewer viewer, long farmId) {
        get(viewer, farmId);
        return jdbi.withExtension(FarmDao.class, dao -> dao.activeServersOfFarm(farmId));
    }

    public Server server(Viewer viewer, long serverId) {
        Server server = jdbi.withExtension(FarmDao.class, dao -> dao.findServer(serverId))
                .orElseThrow(() -> new NotFoundException("Server " + serverId));
        if (!access.canEnter(viewer, ScopeRef.environment(server.envId()))) {
            throw new NotFoundException("Server " + serverId);
        }
        return server;
    }

    private Farm visible(Viewer viewer, Farm farm, long farmId) {
        if (farm == null || !access.canEnter(viewer, farm.scope())) {
            throw new NotFoundException("Farm " + farmId);
        }
        return farm;
    }

    private List<Long> visibleEnvironments(Viewer viewer, ScopeRef scope) {
        if (scope.level() == ScopeLevel.ENVIRONMENT) {
            return List.of(scope.id());
        }
        return access.enterableScopes(viewer).stream()
                .filter(s -> s.level() == ScopeLevel.ENVIRONMENT)
                .filter(s -> scope.level() == ScopeLevel.GLOBAL || access.accountOf(s).map(a -> a == scope.id()).orElse(false))
                .map(ScopeRef::id)
                .toList();
    }

    private static String checkName(ValidationException.Collector errors, String raw) {
        String name = raw == null ? "" : raw.strip();
        if (!NAME.matcher(name).matches()) {
            errors.add("name", "Use 1 to 100 letters, digits, spaces, dots, hyphens or underscores");
        }
        return name;
    }

    private static String checkDescription(ValidationException.Collector errors, String raw) {
        String description = raw == null ? "" : raw.strip();
        if (description.length() > 1000) {
            errors.add("description", "Use at most 1000 characters");
        }
        return description;
    }

    private static void checkSize(ValidationException.Collector errors, int min, int max) {
        if (min < 0 || min > MAX_SERVERS_PER_ROLE) {
            errors.add("minServers", "Between 0 and " + MAX_SERVERS_PER_ROLE);
        }
        if (max < 1 || max > MAX_SERVERS_PER_ROLE) {
            errors.add("maxServers", "Between 1 and " + MAX_SERVERS_PER_ROLE);
        } else if (max < min) {
            errors.add("maxServers", "At least the minimum (" + min + ")");
        }
    }

    /**
     * The owner by email: a user holding a grant that covers the farm's environment (its own, an admin grant on
     * its account, or Global); the viewer when blank. An unknown email and the email of a user without such a
     * grant get the same answer from the same single query, so the field tells nothing about other accounts' users.
     */
    private Long owner(Handle h, ValidationException.Collector errors, String email, Viewer viewer, long accountId,
            long envId) {
        if (email == null || email.isBlank()) {
            return viewer.userId() == 0 ? null : viewer.userId();
        }
        return h.attach(FarmDao.class).coveredUser(email.strip().toLowerCase(), accountId, envId).orElseGet(() -> {
            errors.add("owner", OWNER_REFUSED);
            return null;
        });
    }
}
