package imagehub.image;

import imagehub.access.Access;
import imagehub.access.NotFoundException;
import imagehub.access.AccessLevel;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.catalog.Architecture;
import imagehub.catalog.OperatingSystem;
import imagehub.catalog.Platform;
import imagehub.provider.CloudModule;
import imagehub.provider.Clouds;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.db.KeyLock;
import imagehub.scope.ScopeChain;
import imagehub.core.ScopeRef;
import imagehub.usage.HiddenUses;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The image catalog: listing, registering, editing, promoting and deleting images and what uses them, for
 * the portal and the API alike; naming policies are {@link ImageNaming}'s, deprecation {@link ImageDeprecations}'s.
 * Each method takes the viewer first and the scope the request runs in; an image outside that scope's reach
 * is not found. Each change is one transaction with one audit entry.
 */
public final class ImageService {
    public static final int MAX_PAGE_SIZE = 100;
    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_SIZE_GB = 16384;

    private final Jdbi jdbi;
    private final Access access;
    private final ImageChanges changes;
    private final ImageDeprecations deprecations;
    private final Clock clock;
    private final Clouds clouds;
    private final List<ImageUsage> usages = new ArrayList<>();
    private final List<CloudImageCheck> cloudChecks = new ArrayList<>();

    public ImageService(Jdbi jdbi, Access access, AuditWriter audit, Clock clock, ImageDeprecations deprecations,
            Clouds clouds) {
        this.jdbi = jdbi;
        this.clouds = clouds;
        this.access = access;
        this.changes = new ImageChanges(access, audit);
        this.deprecations = deprecations;
        this.clock = clock;
        registerUsage(ImageService::replacing);
    }

    /** What registering an image asks for; text as typed, checked by {@link #register}. */
    public record NewImage(String platform, String cloudLocation, String cloudImageId, String name, String description,
            String osId, String architecture, boolean agentInstalled, Integer sizeGb) {
    }

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

    /** Adds a check that the cloud holds images being registered; called while the app is wired. */
    public void registerCloudCheck(CloudImageCheck check) {
        cloudChecks.add(check);
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
        return jdbi.withExtension(ImageDao.class, dao -> dao.search(chain, filter, pageNum, pageSize));
    }

    public Image get(Viewer viewer, ScopeRef scope, String imageId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withExtension(ImageDao.class, dao -> visible(chain, dao.find(imageId), imageId));
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

    /** Whether the viewer may change images defined at {@code scope}. */
    public boolean canManage(Viewer viewer, ScopeRef scope) {
        return access.allows(viewer, scope, AccessLevel.ADMIN);
    }

    public Image register(Viewer viewer, ScopeRef scope, NewImage input) {
        access.requireManage(viewer, scope);
        ScopeChain chain = access.chain(scope);
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            ImageDao dao = h.attach(ImageDao.class);
            ValidationException.Collector errors = new ValidationException.Collector();
            String name = ImageNaming.checkName(errors, input.name(), ImageNaming.policy(dao, chain));
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
                }
                if (!errors.has("cloudLocation") && !errors.has("cloudImageId")) {
                    for (CloudImageCheck check : cloudChecks) {
                        check.problem(platform, input.cloudLocation(), input.cloudImageId())
                                .ifPresent(problem -> errors.add("cloudImageId", problem));
                    }
                }
            }
            if (OperatingSystem.find(input.osId()).isEmpty()) {
                errors.add("osId", "Choose an operating system of the catalog");
            }
            Architecture architecture = Architecture.find(input.architecture()).orElse(null);
            if (architecture == null) {
                errors.add("architecture", "Architecture is x86_64 or arm64");
            }
            if (input.sizeGb() != null && (input.sizeGb() < 1 || input.sizeGb() > MAX_SIZE_GB)) {
                errors.add("sizeGb", "Size is 1 to " + MAX_SIZE_GB + " GB");
            }
            errors.throwIfAny();
            refuseClash(dao, chain, platform.id(), input.cloudLocation(), input.cloudImageId(), "", "");
            String id = UUID.randomUUID().toString();
            dao.insert(new ImageRow(id, scope.level().name(), scope.id(), chain.accountId(), platform.id(),
                    input.cloudLocation(), input.cloudImageId(), name, description, input.osId(), architecture.id(),
                    input.agentInstalled(), input.sizeGb(), ImageSource.REGISTERED.id(), viewer.email(), clock.instant(),
                    false, null, null, null, null, null));
            Image image = dao.find(id).orElseThrow().toImage();
            changes.record(h, viewer, "image.register", image, null, image);
            return image;
        });
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
        return jdbi.inTransaction(h -> {
            Image image = visible(chain, h.attach(ImageDao.class).lock(imageId), imageId);
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
    }

    /** Renames or re-describes the image {@code before}, locked and the viewer's to change. */
    private Image editLocked(Handle h, Viewer viewer, Image before, ImageEdit edit) {
        ImageDao dao = h.attach(ImageDao.class);
        ValidationException.Collector errors = new ValidationException.Collector();
        String name = ImageNaming.checkName(errors, edit.name(),
                ImageNaming.policy(dao, access.chain(before.scope())));
        String description = checkDescription(errors, edit.description());
        errors.throwIfAny();
        dao.edit(before.id(), name, description);
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
        refuseClash(dao, targetChain, before.platform().id(), before.cloudLocation(), before.cloudImageId(), imageId,
                "cannot be promoted: ");
        dao.move(imageId, target.level().name(), target.id(), targetChain.accountId(), ImageSource.PROMOTED.id());
        return changes.changed(h, viewer, "image.promote", before);
    }

    /** Deletes an image nothing uses; otherwise refuses with the list of what uses it. */
    public void delete(Viewer viewer, ScopeRef scope, String imageId) {
        ScopeChain chain = access.enter(viewer, scope);
        jdbi.useTransaction(h -> {
            ImageDao dao = h.attach(ImageDao.class);
            Image before = changes.lockForChange(viewer, chain, dao, imageId);
            HiddenUses.Split<ImageUsage.Use> uses = usesOf(h, viewer, before);
            if (uses.inUse()) {
                throw ConflictException.inUse(before.name() + " is still used by " + uses.describe());
            }
            dao.delete(imageId);
            changes.record(h, viewer, "image.delete", before, before, null);
        });
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
    private static void refuseClash(ImageDao dao, ScopeChain chain, String platform, String location, String cloudImageId,
            String exceptId, String prefix) {
        KeyLock.acquire(dao.getHandle(), "image", platform + "/" + location + "/" + cloudImageId);
        dao.clashes(chain, platform, location, cloudImageId, exceptId).stream().findFirst().ifPresent(row -> {
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
