package imagehub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import imagehub.access.Access;
import imagehub.access.AccessCache;
import imagehub.api.SeenSignatures;
import imagehub.audit.AuditWriter;
import imagehub.audit.AuditRecord;
import imagehub.audit.AuditReader;
import imagehub.core.Secrets;
import imagehub.credentials.CredentialConnector;
import imagehub.credentials.CredentialService;
import imagehub.db.Database;
import imagehub.image.ImageCloud;
import imagehub.image.ImageDeprecationJob;
import imagehub.image.ImageDeprecations;
import imagehub.image.ImageNaming;
import imagehub.farm.FarmImageSync;
import imagehub.farm.FarmInventory;
import imagehub.farm.FarmScaler;
import imagehub.farm.FarmService;
import imagehub.farm.FarmUsage;
import imagehub.farm.ServerIntents;
import imagehub.farm.ServerLifecycle;
import imagehub.provider.CloudConnector;
import imagehub.provider.Clouds;
import imagehub.provider.aliyun.AliyunModule;
import imagehub.provider.ec2.Ec2Module;
import imagehub.provider.sandbox.SandboxModule;
import imagehub.image.ImageRow;
import imagehub.operation.OperationDriver;
import imagehub.operation.ServerOperationService;
import imagehub.image.ImageService;
import imagehub.replacement.ReplacementRow;
import imagehub.replacement.ReplacementService;
import imagehub.replacement.RoleChange;
import imagehub.role.RoleImageRow;
import imagehub.role.RoleImages;
import imagehub.role.RolePromotion;
import imagehub.role.RoleRow;
import imagehub.role.RoleService;
import imagehub.scheduler.Jobs;
import imagehub.updatetask.TaskPoller;
import imagehub.updatetask.TaskRunner;
import imagehub.updatetask.UpdateTaskService;
import imagehub.usage.FreshnessSnapshotJob;
import imagehub.usage.UsageService;
import imagehub.picker.PickerService;
import imagehub.scope.ScopeDao;
import imagehub.scope.ScopeService;
import imagehub.user.ApiKey;
import imagehub.user.ApiKeyService;
import imagehub.user.Sessions;
import imagehub.user.UserService;
import imagehub.web.Build;
import imagehub.web.Templates;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The explicit wiring of one running Imagehub: database → DAOs → services → web. Built by
 * {@link App#start}, for production and tests alike.
 */
public final class AppContext {
    public final Config config;
    public final Database database;
    public final Jdbi jdbi;
    public final Clock clock;
    public final ObjectMapper json;
    public final Jobs jobs;
    public final Templates templates;
    public final Build build;
    public final Secrets secrets;
    public final SeenSignatures seenSignatures;

    public final Access access;
    /** What every request reads first (keys, grants, scopes), briefly; see {@link AccessCache}. */
    public final AccessCache accessCache;
    public final AuditWriter audit;
    public final AuditReader auditReader;
    public final ScopeService scopeService;
    public final UserService users;
    public final Sessions sessions;
    public final ApiKeyService apiKeys;
    public final ImageService images;
    public final ImageNaming imageNaming;
    public final ImageDeprecations imageDeprecations;
    /** The catalog's cloud calls and their reconciler (copies, deregistrations, deprecation mirror, missing). */
    public final ImageCloud imageCloud;
    public final RoleService roles;
    public final RoleImages roleImages;
    public final RolePromotion rolePromotion;
    public final ReplacementService replacements;
    public final SandboxModule sandbox;
    public final Clouds clouds;
    public final CredentialService credentials;
    /** Connects an environment to a cloud with its stored credentials (see {@link CloudConnector}). */
    public final CloudConnector connector;
    public final FarmImageSync imageSync;
    public final FarmService farms;
    public final FarmInventory inventory;
    public final ServerIntents serverIntents;
    public final ServerLifecycle lifecycle;
    public final FarmScaler scaler;
    public final ServerOperationService operations;
    public final OperationDriver operationDriver;
    public final UsageService usage;
    public final PickerService pickers;
    public final TaskRunner updateTaskRunner;
    public final UpdateTaskService updateTasks;
    public final TaskPoller updateTaskPoller;

    AppContext(Config config, Database database, Clock clock) {
        this.config = config;
        this.database = database;
        this.jdbi = database.jdbi();
        this.clock = clock;
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.jobs = new Jobs();
        this.templates = new Templates();
        this.build = Build.read();
        this.secrets = Secrets.load(config.secretKey(), config.dataDir());

        jdbi.registerRowMapper(ConstructorMapper.factory(AuditRecord.class));
        jdbi.registerRowMapper(ConstructorMapper.factory(ApiKey.class));
        jdbi.registerRowMapper(ImageRow.class, ImageRow::map);
        jdbi.registerRowMapper(ConstructorMapper.factory(RoleRow.class));
        jdbi.registerRowMapper(ConstructorMapper.factory(RoleImageRow.class));
        jdbi.registerRowMapper(ConstructorMapper.factory(ReplacementRow.class));
        jdbi.registerRowMapper(ConstructorMapper.factory(RoleChange.class));

        this.seenSignatures = new SeenSignatures(jdbi, clock);
        jobs.registerRecurring(seenSignatures.purgeTask());
        this.accessCache = new AccessCache();
        this.access = new Access(jdbi, accessCache);
        this.audit = new AuditWriter(json, clock);
        this.auditReader = new AuditReader(jdbi, access);
        this.scopeService = new ScopeService(jdbi, access, accessCache, audit, clock);
        this.users = new UserService(jdbi, access, accessCache, audit, clock);
        this.sessions = new Sessions(jdbi, audit, clock);
        this.apiKeys = new ApiKeyService(jdbi, access, accessCache, audit, secrets, clock);
        this.sandbox = new SandboxModule(jdbi, clock, config.sandboxImageDelay());
        this.clouds = new Clouds().register(sandbox).register(new Ec2Module()).register(new AliyunModule());
        this.credentials = new CredentialService(jdbi, access, audit, secrets, clouds, clock);
        this.connector = new CredentialConnector(jdbi, credentials, clouds);
        scopeService.registerContents(credentials::heldAt);
        this.imageCloud = new ImageCloud(jdbi, connector, clouds, audit, clock);
        jobs.registerRecurring(imageCloud.reconcilerTask(ImageCloud.RECONCILE_INTERVAL));
        jobs.registerRecurring(imageCloud.missingTask(ImageCloud.MISSING_INTERVAL));
        this.imageDeprecations = new ImageDeprecations(jdbi, access, audit, clock, imageCloud);
        this.images = new ImageService(jdbi, database.writes(), access, audit, clock, imageDeprecations, clouds, imageCloud);
        this.imageNaming = new ImageNaming(jdbi, access, audit, clock);
        this.roles = new RoleService(jdbi, access, audit, clock);
        this.roleImages = new RoleImages(jdbi, access, roles, images);
        this.rolePromotion = new RolePromotion(jdbi, access, audit, roles, images, clock);
        this.replacements = new ReplacementService(jdbi, access, audit, images, imageDeprecations, roles, roleImages,
                clock);
        this.imageSync = new FarmImageSync(jdbi, audit, connector, clock);
        roleImages.registerListener(imageSync);
        jobs.registerRecurring(imageSync.task());
        this.farms = new FarmService(jdbi, access, audit, roles, clouds, connector, imageSync, clock);
        this.inventory = new FarmInventory(jdbi, access, farms, connector, clock);
        jobs.registerRecurring(inventory.task(config.inventorySyncInterval()));
        this.serverIntents = new ServerIntents(jdbi, audit, connector, clock);
        jobs.registerRecurring(serverIntents.reconcileTask(ServerIntents.RECONCILE_INTERVAL));
        this.lifecycle = new ServerLifecycle(jdbi, access, audit, farms, images, clouds, serverIntents, clock);
        this.scaler = new FarmScaler(jdbi, lifecycle, serverIntents);
        FarmUsage farmUsage = new FarmUsage();
        roles.registerUsage(farmUsage::usesOfRole);
        images.registerUsage(farmUsage::usesOfImage);
        credentials.registerUsage(farmUsage::usesOfCredentials);
        jobs.registerRecurring(scaler.task(config.scalerInterval()));
        this.operations = new ServerOperationService(jdbi, access, audit, farms, lifecycle, serverIntents, images,
                connector, clock);
        this.operationDriver = new OperationDriver(operations);
        jobs.registerRecurring(operationDriver.task(config.operationsInterval()));
        scopeService.registerContents(images::heldAt);
        scopeService.registerContents(roles::heldAt);
        images.registerUsage(roles::usesOfImage);
        jobs.registerRecurring(ImageDeprecationJob.task(imageDeprecations, clock));
        this.usage = new UsageService(jdbi, access, clock);
        this.pickers = new PickerService(jdbi, access);
        jobs.registerRecurring(FreshnessSnapshotJob.task(usage));
        this.updateTaskRunner = new TaskRunner(jdbi, clock, audit, connector, images, roleImages, users,
                TaskRunner.Timeouts.DEFAULT);
        this.updateTasks = new UpdateTaskService(jdbi, access, audit, clock, roles, imageNaming, clouds, connector,
                updateTaskRunner);
        this.updateTaskPoller = new TaskPoller(jdbi, clock, updateTasks, updateTaskRunner, config.taskGrace());
        jobs.registerRecurring(updateTaskPoller.task(config.taskPollInterval()));
    }

    public ScopeDao scopes() {
        return jdbi.onDemand(ScopeDao.class);
    }
}
