package imagehub.replacement;

import imagehub.access.Access;
import imagehub.access.ForbiddenException;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.catalog.Platform;
import imagehub.core.ConflictException;
import imagehub.core.Page;
import imagehub.core.ValidationException;
import imagehub.image.DeprecationState;
import imagehub.image.Image;
import imagehub.image.ImageDao;
import imagehub.image.ImageDeprecations;
import imagehub.image.ImageRow;
import imagehub.image.ImageService;
import imagehub.role.Role;
import imagehub.role.RoleImageRow;
import imagehub.role.RoleImages;
import imagehub.role.RoleRow;
import imagehub.role.RoleService;
import imagehub.role.RoleUsage;
import imagehub.usage.HiddenUses;
import imagehub.scope.ScopeChain;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Replace everywhere and its rollback. A replacement runs in the request's scope and covers the roles on
 * that scope's chain (the scope, the scopes above it and those below it) that use the old image; it
 * switches those the viewer may change and reports the others as skipped. It is one transaction that
 * locks the role mappings it reads, is recorded with each mapping it changed, and can be rolled back
 * exactly once while none of those mappings has changed since.
 */
public final class ReplacementService {
    public static final String ROLLBACK_REFUSED = "RollbackRefused";

    private final Jdbi jdbi;
    private final Access access;
    private final AuditWriter audit;
    private final ImageService images;
    private final ImageDeprecations deprecations;
    private final RoleService roles;
    private final RoleImages roleImages;
    private final Clock clock;

    public ReplacementService(Jdbi jdbi, Access access, AuditWriter audit, ImageService images,
            ImageDeprecations deprecations, RoleService roles, RoleImages roleImages, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.images = images;
        this.deprecations = deprecations;
        this.roles = roles;
        this.roleImages = roleImages;
        this.clock = clock;
    }

    /**
     * Replace {@code oldImageId} by {@code newImageId} in every role the viewer may change; {@code levels}
     * narrows the roles to those scope levels (empty: all). With {@code deprecateOld} the old image is
     * deprecated too, with {@code reason} and the new image as its replacement.
     */
    public record ReplaceEverywhere(String oldImageId, String newImageId, boolean deprecateOld, String reason,
            Set<ScopeLevel> levels) {
        public ReplaceEverywhere {
            levels = levels == null ? Set.of() : Set.copyOf(levels);
        }
    }

    /** What a replacement would do: the roles it changes (with what uses them) and those it leaves, with why. */
    /**
     * {@code scalingGroups}: the bound scaling groups (of farms the viewer can see) that get the new image after the
     * replacement, and {@code hiddenScalingGroups} how many others; only a preview reads them.
     */
    public record ReplacementPlan(Image oldImage, Image newImage, boolean deprecateOld, List<Change> changes,
            List<Skip> skipped, List<RoleUsage.Use> scalingGroups, int hiddenScalingGroups) {
        public record Change(Role role, List<RoleUsage.Use> uses) {
        }

        public record Skip(Role role, String reason) {
        }
    }

    /** Images that could replace {@code oldImageId}: visible here, same platform and location, not deprecated. */
    public List<Image> candidates(Viewer viewer, ScopeRef scope, String oldImageId) {
        access.requireEnter(viewer, scope);
        return images.alternatives(viewer, scope, images.get(viewer, scope, oldImageId));
    }

    /** The dry run: what {@link #replace} would change, changing nothing. */
    public ReplacementPlan preview(Viewer viewer, ScopeRef scope, ReplaceEverywhere command) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withHandle(h -> plan(h, viewer, chain, command, false));
    }

    public Replacement replace(Viewer viewer, ScopeRef scope, ReplaceEverywhere command) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(h -> {
            ReplacementPlan plan = plan(h, viewer, chain, command, true);
            Image old = plan.oldImage();
            Image replacement = plan.newImage();
            if (plan.changes().isEmpty()) {
                throw ValidationException.of("", "No role you may change uses " + old.name() + " here; nothing was replaced");
            }
            if (command.deprecateOld()) {
                deprecations.deprecateWithin(h, viewer, old.id(),
                        new ImageDeprecations.Deprecation(command.reason(), replacement.id(), null));
            }
            ReplacementDao dao = h.attach(ReplacementDao.class);
            DeprecationState before = DeprecationState.of(old);
            long id = dao.insert(new ReplacementRow(0, scope.level().name(), scope.id(), chain.accountId(),
                    old.platform().id(), old.cloudLocation(), old.id(), old.name(), replacement.id(), replacement.name(),
                    viewer.email(), clock.instant(), command.deprecateOld(), before.deprecated(), before.reason(),
                    before.deprecatedAt(), before.replacementImageId(), before.dueAt(), null, null));
            List<Role> changed = plan.changes().stream().map(ReplacementPlan.Change::role).toList();
            dao.switchImage(old.id(), replacement.id(), changed.stream().map(Role::id).toList());
            roleImages.changed(h, changed.stream().map(Role::id).toList(), old.platform().id(), old.cloudLocation(),
                    replacement.id());
            dao.insertChanges(changed.stream().map(role -> new RoleChange(id, role.id(), role.name(), old.platform().id(),
                    old.cloudLocation(), old.id(), replacement.id())).toList());
            dao.refreshFresh(id);
            List<RoleImageRow> mappingsBefore = changed.stream()
                    .map(role -> new RoleImageRow(role.id(), old.platform().id(), old.cloudLocation(), old.id())).toList();
            Replacement done = load(dao, chain, id, false);
            record(h, viewer, "replacement.execute", done, mappingsBefore, done);
            return done;
        });
    }

    /**
     * The replacements made in this scope or below it, newest first: {@code limit} of them from {@code offset}, and
     * how many there are.
     */
    /** What a replacement list is narrowed to (each part matched exactly); null parts match all. */
    public record ReplacementFilter(String oldImageId, String newImageId, Boolean rolledBack, Platform platform,
            String location) {
        public static final ReplacementFilter ALL = new ReplacementFilter(null, null, null, null, null);
    }

    public Page<Replacement> page(Viewer viewer, ScopeRef scope, long offset, int limit) {
        return page(viewer, scope, ReplacementFilter.ALL, offset, limit);
    }

    /** {@code limit} of the replacements made at {@code scope} or below that match {@code filter}, newest first. */
    public Page<Replacement> page(Viewer viewer, ScopeRef scope, ReplacementFilter filter, long offset, int limit) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(h -> {
            ReplacementDao dao = h.attach(ReplacementDao.class);
            List<ReplacementRow> rows = dao.page(chain, filter, limit, offset);
            long total = dao.count(chain, filter);
            if (rows.isEmpty()) {
                return new Page<>(List.of(), total);
            }
            Map<Long, List<RoleChange>> changes = dao.changes(rows.stream().map(ReplacementRow::id).toList()).stream()
                    .collect(Collectors.groupingBy(RoleChange::replacementId));
            return new Page<>(rows.stream().map(row -> row.toReplacement(changes.getOrDefault(row.id(), List.of())))
                    .toList(), total);
        });
    }

    public Replacement get(Viewer viewer, ScopeRef scope, long replacementId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withExtension(ReplacementDao.class, dao -> load(dao, chain, replacementId, false));
    }

    /** Whether to offer the rollback: not rolled back yet, and the viewer administers the scope it ran in. */
    public boolean canRollBack(Viewer viewer, Replacement replacement) {
        return !replacement.rolledBack() && access.allows(viewer, replacement.scope(), imagehub.access.AccessLevel.ADMIN);
    }

    /**
     * Puts back exactly the mappings the replacement changed, and the old image's deprecation as it was
     * before, in one transaction. Refused, naming the roles, when any of those mappings no longer points at
     * the new image; refused when it was rolled back already.
     */
    public Replacement rollback(Viewer viewer, ScopeRef scope, long replacementId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(h -> {
            ReplacementDao dao = h.attach(ReplacementDao.class);
            Replacement before = load(dao, chain, replacementId, true);
            if (before.rolledBack()) {
                throw new ConflictException(ROLLBACK_REFUSED, "", "Replacement #" + replacementId
                        + " was already rolled back by " + before.rolledBackBy() + " at " + before.rolledBackAt());
            }
            ImageDao imageDao = h.attach(ImageDao.class);
            Image old = lockImages(imageDao, before.oldImageId(), before.newImageId()).stream()
                    .filter(image -> image.id().equals(before.oldImageId())).findFirst()
                    .orElseThrow(() -> new ConflictException(ROLLBACK_REFUSED, "", "Cannot roll back: the old image "
                            + before.oldImageName() + " was deleted since"));
            // A replacement changes one mapping per role (the old image's platform and location), so role ids key them.
            Map<Long, Role> rolesNow = dao.lockChangedRoles(replacementId).stream().map(RoleRow::toRole)
                    .collect(Collectors.toMap(Role::id, role -> role));
            Map<Long, RoleImageRow> mappingsNow = dao.lockChangedMappings(replacementId).stream()
                    .collect(Collectors.toMap(RoleImageRow::roleId, mapping -> mapping));
            RoleImages.RoleChecks checks = roleImages.checks(viewer);
            Map<String, String> imageNames = new HashMap<>();
            List<String> refusals = new ArrayList<>();
            for (RoleChange change : before.changes()) {
                Role role = rolesNow.get(change.roleId());
                RoleImageRow now = mappingsNow.get(change.roleId());
                if (role == null) {
                    refusals.add("role " + change.roleName() + " was deleted");
                } else if (now == null) {
                    refusals.add("role " + role.name() + " has no image in " + change.cloudLocation() + " any more");
                } else if (!now.imageId().equals(change.newImageId())) {
                    String current = imageNames.computeIfAbsent(now.imageId(),
                            imageId -> imageDao.find(imageId).map(ImageRow::name).orElse(imageId));
                    refusals.add("role " + role.name() + " now uses " + current + " in " + change.cloudLocation()
                            + ", not " + before.newImageName());
                } else if (!checks.canManage(role)) {
                    throw new ForbiddenException("Rolling back replacement #" + replacementId + " changes role "
                            + role.name() + ", which you may not change");
                }
            }
            if (!refusals.isEmpty()) {
                throw new ConflictException(ROLLBACK_REFUSED, "", "Cannot roll back replacement #" + replacementId
                        + ", these roles changed since: " + String.join("; ", refusals));
            }
            if (before.deprecatedOld()) {
                deprecations.restoreDeprecation(h, viewer, old.id(), before.oldImageBefore());
            }
            dao.restoreMappings(replacementId);
            roleImages.changed(h, before.changes().stream().map(RoleChange::roleId).toList(), old.platform().id(),
                    old.cloudLocation(), old.id());
            dao.refreshFresh(replacementId);
            dao.markRolledBack(replacementId, viewer.email(), clock.instant());
            Replacement after = load(dao, chain, replacementId, false);
            record(h, viewer, "replacement.rollback", after, before, after);
            return after;
        });
    }

    /**
     * The plan of a replacement. When executing ({@code lock}), the two images are locked first, in id
     * order, then the role mappings: the same order every change to role images takes.
     */
    private ReplacementPlan plan(Handle h, Viewer viewer, ScopeChain chain, ReplaceEverywhere command, boolean lock) {
        ImageDao imageDao = h.attach(ImageDao.class);
        String newImageId = command.newImageId() == null ? "" : command.newImageId().strip();
        List<Image> found = lock ? lockImages(imageDao, command.oldImageId(), newImageId)
                : Stream.of(command.oldImageId(), newImageId).flatMap(id -> imageDao.find(id).stream())
                        .map(ImageRow::toImage).toList();
        Image old = found.stream().filter(i -> i.id().equals(command.oldImageId()) && chain.sees(i.scope())).findFirst()
                .orElseThrow(() -> new NotFoundException("Image " + command.oldImageId()));
        Image replacement = found.stream().filter(i -> i.id().equals(newImageId) && chain.sees(i.scope())).findFirst()
                .orElseThrow(() -> ValidationException.of("newImageId", "Choose the new image"));
        check(viewer, old, replacement, command);

        List<ReplacementPlan.Change> changes = new ArrayList<>();
        List<ReplacementPlan.Skip> skipped = new ArrayList<>();
        ReplacementDao dao = h.attach(ReplacementDao.class);
        List<RoleImageRow> mappings = dao.mappings(chain, old.id(), lock);
        Map<Long, Role> rolesById = dao.rolesUsing(chain, old.id()).stream().map(RoleRow::toRole)
                .collect(Collectors.toMap(Role::id, role -> role));
        RoleImages.RoleChecks checks = roleImages.checks(viewer);
        for (RoleImageRow mapping : mappings) {
            Role role = rolesById.get(mapping.roleId());
            if (!command.levels().isEmpty() && !command.levels().contains(role.scope().level())) {
                continue;
            }
            if (!checks.canManage(role)) {
                skipped.add(new ReplacementPlan.Skip(role, "you may not change this role"));
            } else {
                // Only the preview shows what uses each role; the run itself does not read it.
                checks.refusal(role, replacement).ifPresentOrElse(
                        refused -> skipped.add(new ReplacementPlan.Skip(role, refused.getMessage())),
                        () -> changes.add(new ReplacementPlan.Change(role, lock ? List.of() : roles.usesOf(h, role))));
            }
        }
        HiddenUses.Split<RoleUsage.Use> groups = HiddenUses.split(lock ? List.of() : roleImages.wouldTouch(h,
                changes.stream().map(change -> change.role().id()).toList(), old.platform().id(), old.cloudLocation()),
                s -> access.canSee(viewer, s));
        return new ReplacementPlan(old, replacement, command.deprecateOld(), changes, skipped, groups.shown(),
                groups.hidden().byKind().values().stream().mapToInt(Integer::intValue).sum());
    }

    private void check(Viewer viewer, Image old, Image replacement, ReplaceEverywhere command) {
        ValidationException.Collector errors = new ValidationException.Collector();
        if (replacement.id().equals(old.id())) {
            errors.add("newImageId", "Choose an image other than " + old.name());
        } else if (replacement.platform() != old.platform() || !replacement.cloudLocation().equals(old.cloudLocation())) {
            errors.add("newImageId", "The new image must be in " + old.platform().id() + " " + old.cloudLocation() + " too");
        } else if (replacement.deprecated()) {
            errors.add("newImageId", replacement.name() + " is deprecated");
        }
        if (command.deprecateOld()) {
            String reason = command.reason() == null ? "" : command.reason().strip();
            if (reason.isEmpty() || reason.length() > ImageDeprecations.MAX_REASON) {
                errors.add("reason", "Say why the old image is deprecated, in 1 to " + ImageDeprecations.MAX_REASON
                        + " characters");
            }
            if (!images.canManage(viewer, old.scope())) {
                errors.add("deprecateOld", "Deprecating " + old.name() + " needs admin rights on its scope");
            } else if (old.deprecated()) {
                errors.add("deprecateOld", old.name() + " is deprecated already");
            } else if (!access.chain(old.scope()).sees(replacement.scope())) {
                errors.add("deprecateOld", old.name() + " cannot name " + replacement.name()
                        + " as its replacement: it is not visible from " + old.name() + "'s scope");
            }
        }
        errors.throwIfAny();
    }

    /** Locks the images that exist among {@code ids}, in id order. */
    private static List<Image> lockImages(ImageDao dao, String... ids) {
        return Stream.of(ids).filter(id -> id != null && !id.isEmpty()).distinct().sorted()
                .flatMap(id -> dao.lock(id).stream()).map(ImageRow::toImage).toList();
    }

    private static Replacement load(ReplacementDao dao, ScopeChain chain, long id, boolean lock) {
        ReplacementRow row = dao.find(chain, id, lock).orElseThrow(() -> new NotFoundException("Replacement " + id));
        return row.toReplacement(dao.changes(List.of(id)));
    }

    private void record(Handle h, Viewer viewer, String action, Replacement replacement, Object before, Object after) {
        audit.record(h, viewer, new AuditWriter.Change(action, "replacement", String.valueOf(replacement.id()),
                replacement.oldImageName() + " → " + replacement.newImageName(), replacement.scope(), before, after));
    }
}
