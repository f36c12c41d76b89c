package imagehub.image;

import imagehub.access.Access;
import imagehub.access.NotFoundException;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.catalog.Architecture;
import imagehub.catalog.OperatingSystem;
import imagehub.catalog.Platform;
import imagehub.db.TableWrites;
import imagehub.core.ScopeLevel;
import imagehub.provider.CloudModule;
import imagehub.provider.CloudProvider;
import imagehub.provider.Clouds;
import imagehub.provider.ProviderException;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.db.KeyLock;
import imagehub.scope.ScopeChain;
import imagehub.core.ScopeRef;
import imagehub.usage.HiddenUses;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image catalog: listing, registering, editing, promoting and deleting images and what uses them, for
 * the portal and the API alike; naming policies are {@link ImageNaming}'s, deprecation {@link ImageDeprecations}'s.
 * Each method takes the viewer first and the scope the request runs in; an image outside that scope's reach
 * is not found. Each change is one transaction with one audit entry; calls to the cloud ({@link ImageCloud}) come
 * before or after it, never inside.
 */
public final class ImageService {
    public static final int MAX_PAGE_SIZE = 100;
    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_SIZE_GB = 16384;
    private static final Logger log = LoggerFactory.getLogger(ImageService.class);

    private final Jdbi jdbi;
    private final ImageTotals totals;
    private final Access access;
    private final ImageChanges changes;
    private final ImageDeprecations deprecations;
    private final Clock clock;
    private final Clouds clouds;
    private final ImageCloud cloud;
    private final List<ImageUsage> usages = new ArrayList<>();

    public ImageService(Jdbi jdbi, TableWrites writes, Access access, AuditWriter audit, Clock clock,
            ImageDeprecations deprecations, Clouds clouds, ImageCloud cloud) {
        this.jdbi = jdbi;
        this.totals = new ImageTotals(writes);
        this.clouds = clouds;
        this.cloud = cloud;
        this.access = access;
        this.changes = new ImageChanges(access, audit);
        this.deprecations = deprecations;
        this.clock = clock;
        registerUsage(ImageService::replacing);
    }

    /**
     * What registering an image asks for; text as typed, checked by {@link #register}. A blank name, architecture
     * or size is filled in from the cloud; {@code credentialsId} names stored credentials where a scope has several.
     */
    public record NewImage(String platform, String cloudLocation, String cloudImageId, String name, String description,
            String osId, String architecture, boolean agentInstalled, Integer sizeGb, Long credentialsId,
            boolean cloudInitInstalled) {
        public NewImage(String platform, String cloudLocation, String cloudImageId, String name, String description,
                String osId, String architecture, boolean agentInstalled, Integer sizeGb, Long credentialsId) {
            this(platform, cloudLocation, cloudImageId, name, description, osId, architecture, agentInstalled, sizeGb,
                    credentialsId, false);
        }

        public NewImage(String platform, String cloudLocation, String cloudImageId, String name, String description,
                String osId, String architecture, boolean agentInstalled, Integer sizeGb) {
            this(platform, cloudLocation, cloudImageId, name, description, osId, architecture, agentInstalled, sizeGb,
                    null);
        }
    }

    /** One image of the cloud picked for import: its id, the name and OS it gets (blank: the suggested ones). */
    public record ImportChoice(String cloudImageId, String name, String osId) {
    }

    /** An image the account owns in the cloud and no visible scope has registered, with what it suggests. */
    public record Importable(CloudProvider.CloudImage image, String suggestedName, String guessedOsId) {
    }

    /** The importable images of a region, at most {@value #MAX_IMPORTABLE} of {@code total}. */
    public record ImportList(List<Importable> images, int total, int ownedInCloud) {
        public boolean capped() {
            return images.size() < total;
        }
    }

    public static final int MAX_IMPORTABLE = 200;

    public record ImageEdit(String name, String description) {
    }

    /**
     * What uses an image, as the viewer may see it: the uses in scopes they can see, and how many others
     * there are. Deleting it is refused while anything uses it, seen or not.
     */
    public record UsageReport(Image image, List<ImageUsage.Use> uses, HiddenUses hidden) {
        public boolean inUse() {
            return !uses.isEmpty() || !hidden.isEmpty();
        }
    }

    /** The regions of {@code platform}, for forms. */
    public List<String> regions(Platform platform) {
        return clouds.module(platform).regions();
    }

    /** Adds what a feature knows about image use; called while the app is wired. */
    public void registerUsage(ImageUsage usage) {
        usages.add(usage);
    }

    public ImageList list(Viewer viewer, ScopeRef scope, ImageFilter filter, int pageNum, int pageSize) {
        access.requireEnter(viewer, scope);
        if (pageNum < 1 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ValidationException.of("page", "Pages start at 1 and hold 1 to " + MAX_PAGE_SIZE + " images");
        }
        ScopeChain chain = access.chain(scope);
        return jdbi.withExtension(ImageDao.class, dao -> new ImageList(dao.page(chain, filter, pageNum, pageSize),
                totals.of(chain, filter, () -> dao.count(chain, filter)), pageNum, pageSize));
    }

    public Image get(Viewer viewer, ScopeRef scope, String imageId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withHandle(h -> visible(chain, ImageRows.find(h, imageId), imageId));
    }

    /** What uses the image: the report a delete would refuse with, changing nothing. */
    public UsageReport usage(Viewer viewer, ScopeRef scope, String imageId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withHandle(h -> {
            Image image = visible(chain, h.attach(ImageDao.class).find(imageId), imageId);
            HiddenUses.Split<ImageUsage.Use> uses = usesOf(h, viewer, image);
            return new UsageReport(image, uses.shown(), uses.hidden());
        });
    }

    /** Refuses (403) a viewer who may not change images defined at {@code scope}. */
    public void requireManage(Viewer viewer, ScopeRef scope) {
        access.requireManage(viewer, scope);
    }

    /** Whether the viewer may change images defined at {@code scope}. */
    public boolean canManage(Viewer viewer, ScopeRef scope) {
        return access.allows(viewer, scope, AccessLevel.ADMIN);
    }

    /**
     * Registers a cloud image at {@code scope}: the fields are checked, then the cloud is asked for the image (with
     * the scope's stored credentials, outside any transaction) and fills in what the input leaves blank, then one
     * transaction writes it. Not in the cloud, no credentials or refused credentials: a field error, nothing written.
     */
    public Image register(Viewer viewer, ScopeRef scope, NewImage input) {
        access.requireManage(viewer, scope);
        ScopeChain chain = access.chain(scope);
        NamingPolicy policy = jdbi.withHandle(h -> ImageNaming.policy(h, chain));
        ValidationException.Collector errors = new ValidationException.Collector();
        boolean nameGiven = input.name() != null && !input.name().isBlank();
        String name = nameGiven ? ImageNaming.checkName(errors, input.name(), policy) : null;
        String description = checkDescription(errors, input.description());
        Platform platform = Platform.find(input.platform()).orElse(null);
        if (platform == null) {
            errors.add("platform", "Choose ec2, aliyun or sandbox");
        } else {
            CloudModule module = clouds.module(platform);
            if (!module.hasRegion(input.cloudLocation())) {
                errors.add("cloudLocation", "Choose a region of " + platform.label());
            }
            if (!module.isImageId(input.cloudImageId())) {
                errors.add("cloudImageId", "A " + platform.id() + " image id is " + module.imageIdHint());
            } else if (scope.level() == ScopeLevel.GLOBAL && module.needsCredentials()) {
                errors.add("cloudImageId", ImageCloud.globalRefusal(platform));
            }
        }
        boolean osGiven = input.osId() != null && !input.osId().isBlank();
        if (osGiven && OperatingSystem.find(input.osId()).isEmpty()) {
            errors.add("osId", "Choose an operating system of the catalog");
        }
        boolean architectureGiven = input.architecture() != null && !input.architecture().isBlank();
        if (architectureGiven && Architecture.find(input.architecture()).isEmpty()) {
            errors.add("architecture", "Architecture is x86_64 or arm64");
        }
        if (input.sizeGb() != null && (input.sizeGb() < 1 || input.sizeGb() > MAX_SIZE_GB)) {
            errors.add("sizeGb", "Size is 1 to " + MAX_SIZE_GB + " GB");
        }
        errors.throwIfAny();
        CloudProvider.CloudImage found = cloud.lookup(scope, platform, input.cloudLocation(), input.cloudImageId(),
                input.credentialsId());
        if (!nameGiven) {
            name = suggestedName(errors, found, policy, "name");
        }
        String osId = osGiven ? input.osId() : CloudImageHints.guessOs(found).orElse(null);
        if (osId == null) {
            errors.add("osId", "Choose an operating system: the cloud's description of " + found.cloudImageId()
                    + " names none of the catalog");
        }
        Architecture architecture = architectureGiven ? Architecture.find(input.architecture()).orElseThrow()
                : cloudArchitecture(errors, found, "architecture");
        errors.throwIfAny();
        Registration registration = new Registration(found, name, description, osId, architecture,
                input.agentInstalled(), input.sizeGb() != null ? input.sizeGb() : found.sizeGb(), input.credentialsId(),
                input.cloudInitInstalled());
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED,
                h -> insertRegistered(h, viewer, scope, chain, platform, registration));
    }

    /** A cloud image about to be registered, with what it is registered as. */
    private record Registration(CloudProvider.CloudImage found, String name, String description, String osId,
            Architecture architecture, boolean agentInstalled, Integer sizeGb, Long credentialsId,
            boolean cloudInitInstalled) {
    }

    /** Inserts a checked registration at {@code scope} inside the caller's READ COMMITTED transaction, audited. */
    private Image insertRegistered(Handle h, Viewer viewer, ScopeRef scope, ScopeChain chain, Platform platform,
            Registration r) {
        refuseClash(h, chain, platform.id(), r.found().region(), r.found().cloudImageId(), "", "");
        String id = UUID.randomUUID().toString();
        ImageRows.insert(h, new ImageRow(id, scope.level().name(), scope.id(), chain.accountId(), platform.id(),
                r.found().region(), r.found().cloudImageId(), r.name(), r.description(), r.osId(), r.architecture().id(),
                r.agentInstalled(), r.sizeGb(), ImageSource.REGISTERED.id(), viewer.email(), clock.instant(),
                false, null, null, null, null, null, cloudState(r.found()).id(), null, r.found().createdAt(),
                r.found().ownerId(), scope.level().name(), scope.id(), r.credentialsId(), null, false, null, null,
                r.cloudInitInstalled()));
        Image image = ImageRows.find(h, id).orElseThrow().toImage();
        changes.record(h, viewer, "image.register", image, null, image);
        return image;
    }

    private static CloudState cloudState(CloudProvider.CloudImage found) {
        return switch (found.state()) {
            case PENDING -> CloudState.PENDING;
            case AVAILABLE -> CloudState.AVAILABLE;
            case FAILED -> CloudState.FAILED;
        };
    }

    /** The cloud's name made an Imagehub name, or an error on {@code field} when it breaks the naming policy. */
    private static String suggestedName(ValidationException.Collector errors, CloudProvider.CloudImage found,
            NamingPolicy policy, String field) {
        String name = CloudImageHints.suggestName(found);
        if (name.isEmpty() || !policy.matches(name)) {
            errors.add(field, "Give a name: the cloud's name for it (" + found.name() + ") does not make one. "
                    + policy.explain());
        }
        return name;
    }

    private static Architecture cloudArchitecture(ValidationException.Collector errors, CloudProvider.CloudImage found,
            String field) {
        Optional<Architecture> architecture = Architecture.find(found.architecture());
        if (architecture.isEmpty()) {
            errors.add(field, "Choose the architecture: the cloud says " + found.architecture()
                    + ", which is not x86_64 or arm64");
        }
        return architecture.orElse(null);
    }

    /**
     * The images the account owns in {@code cloudLocation} that no scope sharing a chain with {@code scope} has
     * registered, newest first, at most {@value #MAX_IMPORTABLE}. One cloud call, outside any transaction.
     */
    public ImportList importable(Viewer viewer, ScopeRef scope, String platformId, String cloudLocation,
            Long credentialsId) {
        access.requireManage(viewer, scope);
        Platform platform = importTarget(scope, platformId, cloudLocation);
        List<CloudProvider.CloudImage> owned = cloud.ownImages(scope, platform, cloudLocation, credentialsId);
        ScopeChain chain = access.chain(scope);
        Set<String> registered = jdbi.withExtension(ImageDao.class, dao -> dao.registeredAmong(chain, platform.id(),
                cloudLocation, owned.stream().map(CloudProvider.CloudImage::cloudImageId).toList()));
        NamingPolicy policy = jdbi.withExtension(ImageDao.class, dao -> ImageNaming.policy(dao, chain));
        List<Importable> candidates = owned.stream()
                .filter(image -> image.state() != CloudProvider.CloudImage.State.FAILED)
                .filter(image -> !registered.contains(image.cloudImageId()))
                .map(image -> {
                    String name = CloudImageHints.suggestName(image);
                    return new Importable(image, policy.matches(name) ? name : "",
                            CloudImageHints.guessOs(image).orElse(""));
                })
                .toList();
        return new ImportList(candidates.subList(0, Math.min(MAX_IMPORTABLE, candidates.size())), candidates.size(),
                owned.size());
    }

    /**
     * Registers several images of the account in {@code cloudLocation} at once: all or nothing, in one transaction,
     * after one cloud call (outside it) that confirms each is still there. Errors are per row, keyed
     * {@code name:<cloudImageId>}, {@code osId:<cloudImageId>}, {@code architecture:<cloudImageId>} and
     * {@code cloudImageId:<cloudImageId>}.
     */
    public List<Image> importImages(Viewer viewer, ScopeRef scope, String platformId, String cloudLocation,
            Long credentialsId, List<ImportChoice> choices) {
        access.requireManage(viewer, scope);
        Platform platform = importTarget(scope, platformId, cloudLocation);
        if (choices.isEmpty()) {
            throw ValidationException.of("", "Tick at least one image to import");
        }
        if (choices.size() > MAX_IMPORTABLE) {
            throw ValidationException.of("", "Import at most " + MAX_IMPORTABLE + " images at once");
        }
        ScopeChain chain = access.chain(scope);
        NamingPolicy policy = jdbi.withExtension(ImageDao.class, dao -> ImageNaming.policy(dao, chain));
        Map<String, CloudProvider.CloudImage> owned = new LinkedHashMap<>();
        cloud.ownImages(scope, platform, cloudLocation, credentialsId).forEach(i -> owned.put(i.cloudImageId(), i));
        ValidationException.Collector errors = new ValidationException.Collector();
        List<Registration> registrations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ImportChoice choice : choices) {
            String key = choice.cloudImageId();
            CloudProvider.CloudImage found = owned.get(key);
            String refusal = !seen.add(key) ? key + " is ticked twice"
                    : found == null ? "The account no longer holds " + key + " in " + cloudLocation
                    : found.state() == CloudProvider.CloudImage.State.FAILED ? key + " failed in the cloud" : null;
            if (refusal != null) {
                errors.add("cloudImageId:" + key, refusal);
                continue;
            }
            ValidationException.Collector row = new ValidationException.Collector();
            String name = choice.name() == null || choice.name().isBlank() ? suggestedName(row, found, policy, "name")
                    : ImageNaming.checkName(row, choice.name(), policy);
            String osId = choice.osId() == null || choice.osId().isBlank()
                    ? CloudImageHints.guessOs(found).orElse(null) : choice.osId();
            if (osId == null || OperatingSystem.find(osId).isEmpty()) {
                row.add("osId", "Choose an operating system of the catalog");
            }
            Architecture architecture = cloudArchitecture(row, found, "architecture");
            try {
                row.throwIfAny();
            } catch (ValidationException invalid) {
                invalid.errors().forEach((field, message) -> errors.add(field + ":" + key, message));
            }
            registrations.add(new Registration(found, name, "", osId, architecture, false, found.sizeGb(),
                    credentialsId, false));
        }
        errors.throwIfAny();
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            List<Image> imported = new ArrayList<>();
            for (Registration registration : registrations) {
                try {
                    imported.add(insertRegistered(h, viewer, scope, chain, platform, registration));
                } catch (ConflictException clash) {
                    throw ValidationException.of("cloudImageId:" + registration.found().cloudImageId(),
                            clash.getMessage());
                }
            }
            return imported;
        });
    }

    /** The platform of an import into {@code scope}: an account or environment, a known platform and region. */
    private Platform importTarget(ScopeRef scope, String platformId, String cloudLocation) {
        if (scope.level() == ScopeLevel.GLOBAL) {
            throw ValidationException.of("", "Import into an account or environment: Global holds no cloud credentials");
        }
        Platform platform = Platform.find(platformId)
                .orElseThrow(() -> ValidationException.of("platform", "Choose ec2, aliyun or sandbox"));
        if (!clouds.module(platform).hasRegion(cloudLocation)) {
            throw ValidationException.of("cloudLocation", "Choose a region of " + platform.label());
        }
        return platform;
    }

    /** Renames or re-describes an image; needs admin rights on the image's own scope. */
    public Image edit(Viewer viewer, ScopeRef scope, String imageId, ImageEdit edit) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(h -> editLocked(h, viewer,
                changes.lockForChange(viewer, chain, h.attach(ImageDao.class), imageId), edit));
    }

    /**
     * The API's PATCH: {@code edit} (null for none), then, when {@code deprecated} is given and differs, a
     * deprecation now for {@code reason} or an undeprecation; all or nothing, in one transaction.
     */
    public Image patch(Viewer viewer, ScopeRef scope, String imageId, ImageEdit edit, Boolean deprecated, String reason) {
        ScopeChain chain = access.enter(viewer, scope);
        Image patched = jdbi.inTransaction(h -> {
            Image image = visible(chain, ImageRows.lock(h, imageId), imageId);
            boolean deprecate = Boolean.TRUE.equals(deprecated) && !image.deprecated();
            boolean undeprecate = Boolean.FALSE.equals(deprecated) && (image.deprecated() || image.deprecationScheduled());
            if (edit == null && !deprecate && !undeprecate) {
                return image;
            }
            access.requireAdmin(viewer, image.scope(), "change " + image.name());
            if (edit != null) {
                image = editLocked(h, viewer, image, edit);
            }
            if (deprecate) {
                image = deprecations.deprecateWithin(h, viewer, imageId,
                        new ImageDeprecations.Deprecation(reason, null, null));
            } else if (undeprecate) {
                image = deprecations.undeprecateLocked(h, viewer, image);
            }
            return image;
        });
        if (patched.cloud().deprecationPending()) { // read in the transaction: pending from this change or an earlier one
            cloud.mirrorDeprecation(imageId);
        }
        return patched;
    }

    /** Renames or re-describes the image {@code before}, locked and the viewer's to change. */
    private Image editLocked(Handle h, Viewer viewer, Image before, ImageEdit edit) {
        ValidationException.Collector errors = new ValidationException.Collector();
        String name = ImageNaming.checkName(errors, edit.name(), ImageNaming.policy(h, access.chain(before.scope())));
        String description = checkDescription(errors, edit.description());
        errors.throwIfAny();
        ImageRows.edit(h, before.id(), name, description);
        return changes.changed(h, viewer, "image.edit", before);
    }

    /**
     * Moves an image one scope up (environment → its account → Global), keeping its id so everything
     * that uses it keeps working. Needs admin rights at the target; refused when the target's chain
     * already holds the same cloud image.
     */
    public Image promote(Viewer viewer, ScopeRef scope, String imageId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            Image before = visible(chain, h.attach(ImageDao.class).lock(imageId), imageId);
            ScopeRef target = access.parentOf(before.scope())
                    .orElseThrow(() -> ValidationException.of("", before.name() + " is a Global image already"));
            return promoteWithin(h, viewer, imageId, target);
        });
    }

    /**
     * Moves an image up to {@code target} (a scope above its own) inside the caller's transaction: a role
     * promotion moves the images it uses all or nothing.
     */
    public Image promoteWithin(Handle h, Viewer viewer, String imageId, ScopeRef target) {
        ImageDao dao = h.attach(ImageDao.class);
        Image before = dao.lock(imageId).orElseThrow(() -> new NotFoundException("Image " + imageId)).toImage();
        access.requireAdmin(viewer, target, "promote " + before.name());
        if (target.equals(before.scope()) || !access.chain(before.scope()).sees(target)) {
            throw new IllegalArgumentException("image " + imageId + " cannot move from " + before.scope() + " to " + target);
        }
        ScopeChain targetChain = access.chain(target);
        refuseClash(h, targetChain, before.platform().id(), before.cloudLocation(), before.cloudImageId(), imageId,
                "cannot be promoted: ");
        dao.move(imageId, target.level().name(), target.id(), targetChain.accountId(), ImageSource.PROMOTED.id());
        return changes.changed(h, viewer, "image.promote", before);
    }

    /** Deletes an image nothing uses from the catalog; otherwise refuses with the list of what uses it. */
    public void delete(Viewer viewer, ScopeRef scope, String imageId) {
        delete(viewer, scope, imageId, false);
    }

    /**
     * Deletes an image nothing uses; otherwise refuses with the list of what uses it. With {@code deregister}, the
     * same transaction records that the cloud image is to be deregistered (with its snapshots), and the cloud call
     * follows the commit; its outcome is returned (pending again when it failed: the reconciler retries).
     */
    public Optional<ImageCloud.Deregistration> delete(Viewer viewer, ScopeRef scope, String imageId, boolean deregister) {
        ScopeChain chain = access.enter(viewer, scope);
        ScopeRef cloudScope = null;
        if (deregister) {
            Image image = visible(chain, jdbi.withExtension(ImageDao.class, dao -> dao.find(imageId)), imageId);
            access.requireAdmin(viewer, image.scope(), "delete " + image.name());
            cloudScope = cloud.cloudScope(image, scope, "deregister");
            cloud.connect(cloudScope, image.platform(), image.cloudLocation(), image.cloud().credentialsId(),
                    "deregister");
        }
        ScopeRef deregisterVia = cloudScope;
        Long intent = jdbi.inTransaction(h -> {
            ImageDao dao = h.attach(ImageDao.class);
            Image before = changes.lockForChange(viewer, chain, dao, imageId);
            HiddenUses.Split<ImageUsage.Use> uses = usesOf(h, viewer, before);
            if (uses.inUse()) {
                throw ConflictException.inUse(before.name() + " is still used by " + uses.describe());
            }
            dao.delete(imageId);
            changes.record(h, viewer, "image.delete", before, before, null);
            return deregister ? cloud.requestDeregistration(h, viewer, before, deregisterVia) : null;
        });
        return intent == null ? Optional.empty() : Optional.of(cloud.deregister(intent, viewer));
    }

    /** The deregistrations requested at {@code scope} that are pending or failed, for its managers. */
    public List<ImageCloud.Deregistration> unfinishedDeregistrations(Viewer viewer, ScopeRef scope) {
        access.requireEnter(viewer, scope);
        return canManage(viewer, scope) ? cloud.unfinishedDeregistrations(scope) : List.of();
    }

    /**
     * Copies an image into another region of its cloud and registers the copy at the image's scope, pending until
     * the cloud finishes it (the reconciler polls). The cloud call comes first, outside any transaction; if the
     * catalog then refuses the copy, the cloud copy is deleted again.
     */
    public Image copy(Viewer viewer, ScopeRef scope, String imageId, String targetLocation) {
        ScopeChain chain = access.enter(viewer, scope);
        Image source = visible(chain, jdbi.withExtension(ImageDao.class, dao -> dao.find(imageId)), imageId);
        access.requireAdmin(viewer, source.scope(), "copy " + source.name());
        if (!clouds.module(source.platform()).hasRegion(targetLocation)) {
            throw ValidationException.of("cloudLocation", "Choose a region of " + source.platform().label());
        }
        if (targetLocation.equals(source.cloudLocation())) {
            throw ValidationException.of("cloudLocation", source.name() + " is in " + targetLocation + " already");
        }
        if (source.cloud().state() != CloudState.AVAILABLE) {
            throw ValidationException.of("cloudLocation", source.name() + " is " + source.cloud().state().id()
                    + " in the cloud; copy it once it is available");
        }
        ScopeRef cloudScope = cloud.cloudScope(source, scope, "cloudLocation");
        CloudProvider target = cloud.connect(cloudScope, source.platform(), targetLocation,
                source.cloud().credentialsId(), "cloudLocation");
        CloudProvider.CloudImage copy;
        try {
            copy = target.copyImageFrom(source.cloudLocation(), source.cloudImageId(), source.name());
        } catch (ProviderException failed) {
            throw ValidationException.of(failed.kind() == ProviderException.Kind.AUTH_FAILED
                    || failed.kind() == ProviderException.Kind.ACCESS_DENIED ? "cloudCredentials" : "cloudLocation",
                    ImageCloud.explain(failed));
        }
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
                ImageDao dao = h.attach(ImageDao.class);
                Image current = dao.lock(imageId).orElseThrow(() -> new NotFoundException("Image " + imageId)).toImage();
                ScopeChain at = access.chain(current.scope());
                refuseClash(h, at, current.platform().id(), targetLocation, copy.cloudImageId(), "", "");
                String id = UUID.randomUUID().toString();
                dao.insert(new ImageRow(id, current.scope().level().name(), current.scope().id(), at.accountId(),
                        current.platform().id(), targetLocation, copy.cloudImageId(), current.name(),
                        current.description(), current.osId(), current.architecture().id(), current.agentInstalled(),
                        current.sizeGb(), ImageSource.COPIED.id(), viewer.email(), clock.instant(), false, null, null,
                        null, null, null, cloudState(copy).id(), null, copy.createdAt(), copy.ownerId(),
                        cloudScope.level().name(), cloudScope.id(), current.cloud().credentialsId(), current.id(),
                        false, null, null, current.cloudInitInstalled()));
                Image image = dao.find(id).orElseThrow().toImage();
                changes.record(h, viewer, "image.copy", image, null, image);
                return image;
            });
        } catch (RuntimeException refused) {
            try {
                target.deleteImage(copy.cloudImageId());
            } catch (ProviderException leftOver) {
                log.warn("The copy {} in {} could not be taken back after the catalog refused it: {}",
                        copy.cloudImageId(), targetLocation, leftOver.getMessage());
            }
            throw refused;
        }
    }

    /** For {@code ScopeService.registerContents}: the images a scope holds, so it is not deleted with them. */
    public List<String> heldAt(Handle handle, ScopeRef scope) {
        long count = handle.attach(ImageDao.class).countAt(scope.level().name(), scope.id());
        return count == 0 ? List.of() : List.of(count + (count == 1 ? " image" : " images"));
    }

    /**
     * Images that could stand in for {@code image}: active, in its platform and location, visible from
     * {@code from} (at most {@value #MAX_PAGE_SIZE}, by name). What a deprecation or a replace everywhere offers.
     */
    public List<Image> alternatives(Viewer viewer, ScopeRef from, Image image) {
        ImageFilter sameCloud = new ImageFilter(image.platform(), image.cloudLocation(), null, null, false, null,
                ImageSort.NAME, false);
        return list(viewer, from, sameCloud, 1, MAX_PAGE_SIZE).images().stream()
                .filter(other -> !other.id().equals(image.id())).toList();
    }

    /** Where promoting the image would move it, if the viewer may do that. */
    public Optional<ScopeRef> promotionTarget(Viewer viewer, Image image) {
        return access.parentOf(image.scope()).filter(target -> canManage(viewer, target));
    }

    private Image visible(ScopeChain chain, Optional<ImageRow> row, String imageId) {
        return access.visible(chain, row.map(ImageRow::toImage), "Image " + imageId);
    }

    private static String checkDescription(ValidationException.Collector errors, String raw) {
        String description = raw == null ? "" : raw.strip();
        if (description.length() > MAX_DESCRIPTION) {
            errors.add("description", "A description has at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    /**
     * Refuses (409) when a chain shared with {@code chain}'s scope already holds the same cloud image. Takes the
     * cloud image's key lock until the caller's transaction ends, so writers of one cloud image go one at a time;
     * callers run READ COMMITTED (see {@link ImageDao#clashes}).
     */
    private static void refuseClash(Handle h, ScopeChain chain, String platform, String location, String cloudImageId,
            String exceptId, String prefix) {
        KeyLock.acquire(h, "image", platform + "/" + location + "/" + cloudImageId);
        ImageRows.clashes(h, chain, platform, location, cloudImageId, exceptId).stream().findFirst().ifPresent(row -> {
            Image existing = row.toImage();
            throw ConflictException.unicity("cloudImageId", prefix + existing.cloudLabel() + " is already registered as "
                    + existing.name() + " (image " + existing.id() + ", " + Access.describe(existing.scope()) + ")");
        });
    }

    /** Everything that uses the image, split into what the viewer may see and what is only counted. */
    private HiddenUses.Split<ImageUsage.Use> usesOf(Handle handle, Viewer viewer, Image image) {
        return HiddenUses.split(usages.stream().flatMap(usage -> usage.usesOf(handle, image).stream()).toList(),
                scope -> access.canSee(viewer, scope));
    }

    /** Deprecated images point at the image as their replacement; deleting it would leave them pointing nowhere. */
    private static List<ImageUsage.Use> replacing(Handle handle, Image image) {
        return handle.attach(ImageDao.class).replacedBy(image.id()).stream()
                .map(row -> new ImageUsage.Use("image", row.id(), row.name() + " (as its replacement)", row.toImage().scope()))
                .toList();
    }
}
