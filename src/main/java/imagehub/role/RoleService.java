package imagehub.role;

import imagehub.access.Access;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.catalog.OperatingSystem;
import imagehub.core.ConflictException;
import imagehub.core.Page;
import imagehub.core.ValidationException;
import imagehub.db.KeyLock;
import imagehub.image.Image;
import imagehub.image.ImageRow;
import imagehub.image.ImageService;
import imagehub.image.ImageUsage;
import imagehub.scope.ScopeChain;
import imagehub.core.ScopeRef;
import imagehub.usage.HiddenUses;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Roles, for the portal and the API alike: list, read, create, edit, deprecate, delete. Each method takes the
 * viewer first and the scope the request runs in; a role outside that scope's reach is not found, and changing
 * one needs admin rights on the role's own scope. Each change is one transaction with one audit entry. A role's
 * images are {@link RoleImages}', promotion and cloning {@link RolePromotion}'s; both share the package-private
 * helpers here (locking, validation, name clashes, audit) so that every role write checks and locks alike.
 */
public final class RoleService {
    public static final int MAX_NAME = 100;
    public static final int MAX_CATEGORY = 50;
    public static final int MAX_DESCRIPTION = 1000;
    /** The OS families of the OS catalog, in catalog order. */
    public static final List<String> OS_FAMILIES = OperatingSystem.CATALOG.stream().map(OperatingSystem::family)
            .distinct().toList();
    /** The code of the 409 answered when an image's OS family is not the role's. */
    public static final String OS_MISMATCH = "OperatingSystemMismatch";
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final imagehub.access.AccessLevel ADMIN = imagehub.access.AccessLevel.ADMIN;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditWriter audit;
    private final Clock clock;
    private final List<RoleUsage> usages = new ArrayList<>();

    public RoleService(Jdbi jdbi, Access access, AuditWriter audit, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        registerUsage(RoleService::replacing);
    }

    /** What creating or editing a role asks for; text as typed, checked by the service. */
    public record RoleInput(String name, String osFamily, String category, String description) {
    }

    /** Deprecate, optionally naming the role that replaces this one. */
    public record RoleDeprecation(Long replacementRoleId) {
    }

    /**
     * A role with the images it uses (by platform and location) and what uses it: named where the viewer
     * may see it, counted elsewhere.
     */
    public record RoleDetail(Role role, List<RoleImage> images, List<RoleUsage.Use> uses, HiddenUses hiddenUses) {
    }

    /** Adds what a feature knows about role use; called while the app is wired. */
    public void registerUsage(RoleUsage usage) {
        usages.add(usage);
    }

    public List<Role> list(Viewer viewer, ScopeRef scope, RoleFilter filter) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withExtension(RoleDao.class, dao -> dao.search(chain, filter).stream().map(RoleRow::toRole).toList());
    }

    /** {@code limit} of the roles {@link #list} finds, from {@code offset}, and how many it finds in all. */
    public Page<Role> page(Viewer viewer, ScopeRef scope, RoleFilter filter, long offset, int limit) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(h -> {
            RoleDao dao = h.attach(RoleDao.class);
            return new Page<>(dao.search(chain, filter, offset, limit).stream().map(RoleRow::toRole).toList(),
                    dao.count(chain, filter));
        });
    }

    public Role get(Viewer viewer, ScopeRef scope, long roleId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withExtension(RoleDao.class, dao -> visible(chain, dao.find(roleId), roleId));
    }

    public RoleDetail detail(Viewer viewer, ScopeRef scope, long roleId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.withHandle(h -> {
            Role role = visible(chain, h.attach(RoleDao.class).find(roleId), roleId);
            HiddenUses.Split<RoleUsage.Use> uses = HiddenUses.split(usesOf(h, role), s -> access.canSee(viewer, s));
            return new RoleDetail(role, imagesOf(h, roleId), uses.shown(), uses.hidden());
        });
    }

    /** {@code limit} of the images the role uses from {@code offset} (only {@code imageId} when given), and how many. */
    public Page<RoleImage> images(Viewer viewer, ScopeRef scope, long roleId, String imageId, long offset, int limit) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(h -> {
            RoleDao dao = h.attach(RoleDao.class);
            visible(chain, dao.find(roleId), roleId);
            return dao.imagePage(roleId, imageId, offset, limit);
        });
    }

    public boolean canManage(Viewer viewer, Role role) {
        return access.allows(viewer, role.scope(), ADMIN);
    }

    /** Whether the viewer may create roles at {@code scope}. */
    public boolean canCreate(Viewer viewer, ScopeRef scope) {
        return access.allows(viewer, scope, ADMIN);
    }

    /** Admin rights at {@code scope}, for the page that creates roles there: 404 outside reach, 403 when only seen. */
    public void requireCreate(Viewer viewer, ScopeRef scope) {
        access.requireManage(viewer, scope);
    }

    public Role create(Viewer viewer, ScopeRef scope, RoleInput input) {
        access.requireManage(viewer, scope);
        ScopeChain chain = access.chain(scope);
        RoleInput valid = check(input);
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            RoleDao dao = h.attach(RoleDao.class);
            refuseNameClash(dao, chain, valid.name(), 0);
            long id = dao.insert(scope.level().name(), scope.id(), chain.accountId(), valid.name(), valid.osFamily(),
                    valid.category(), valid.description(), viewer.email(), clock.instant());
            Role role = dao.find(id).orElseThrow().toRole();
            record(h, viewer, "role.create", role, null, role);
            return role;
        });
    }

    /** Renames or re-describes a role; its OS family changes only while no image of the old family is in it. */
    public Role edit(Viewer viewer, ScopeRef scope, long roleId, RoleInput input) {
        ScopeChain chain = access.enter(viewer, scope);
        RoleInput valid = check(input);
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED,
                h -> editLocked(h, viewer, lockForChange(viewer, chain, h.attach(RoleDao.class), roleId), valid));
    }

    /**
     * The API's PATCH: {@code edit} (null for none), then, when {@code deprecated} is given and differs, a
     * deprecation without replacement or an undeprecation; all or nothing, in one transaction.
     */
    public Role patch(Viewer viewer, ScopeRef scope, long roleId, RoleInput edit, Boolean deprecated) {
        ScopeChain chain = access.enter(viewer, scope);
        RoleInput valid = edit == null ? null : check(edit);
        // READ COMMITTED as for edit: the name's key lock, not gap locks, orders writers of one name.
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            Role role = visible(chain, h.attach(RoleDao.class).lock(roleId), roleId);
            boolean flip = deprecated != null && deprecated != role.deprecated();
            if (valid == null && !flip) {
                return role;
            }
            access.requireAdmin(viewer, role.scope(), "change " + role.name());
            if (valid != null) {
                role = editLocked(h, viewer, role, valid);
            }
            if (flip) {
                role = deprecated ? deprecateLocked(h, viewer, role, new RoleDeprecation(null)) : undeprecateLocked(h, viewer, role);
            }
            return role;
        });
    }

    /** Edits the role {@code before}, locked and the viewer's to change, with checked input. */
    private Role editLocked(Handle h, Viewer viewer, Role before, RoleInput valid) {
        RoleDao dao = h.attach(RoleDao.class);
        refuseNameClash(dao, access.chain(before.scope()), valid.name(), before.id());
        if (!valid.osFamily().equals(before.osFamily())) {
            imagesOf(h, before.id()).stream().findFirst().ifPresent(used -> {
                throw new ConflictException(OS_MISMATCH, "osFamily", before.name() + " uses "
                        + used.image().name() + " (" + used.image().osId() + "); remove its images before changing its OS family");
            });
        }
        dao.edit(before.id(), valid.name(), valid.osFamily(), valid.category(), valid.description());
        return changed(h, viewer, "role.edit", before);
    }

    /**
     * Deprecates a role: it keeps its images and whatever uses it keeps working. The replacement, if any,
     * must be visible from the role's scope and not deprecated itself.
     */
    public Role deprecate(Viewer viewer, ScopeRef scope, long roleId, RoleDeprecation deprecation) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(
                h -> deprecateLocked(h, viewer, lockForChange(viewer, chain, h.attach(RoleDao.class), roleId), deprecation));
    }

    private Role deprecateLocked(Handle h, Viewer viewer, Role before, RoleDeprecation deprecation) {
        RoleDao dao = h.attach(RoleDao.class);
        if (before.deprecated()) {
            throw ValidationException.of("", before.name() + " is already deprecated");
        }
        Long replacementId = deprecation.replacementRoleId();
        if (replacementId != null) {
            Role replacement = dao.find(replacementId).map(RoleRow::toRole)
                    .filter(r -> access.chain(before.scope()).sees(r.scope())).orElse(null);
            if (replacement == null) {
                throw ValidationException.of("replacementRoleId", "No role " + replacementId + " is visible from "
                        + before.name() + "'s scope");
            }
            if (replacement.id() == before.id()) {
                throw ValidationException.of("replacementRoleId", "A role cannot replace itself");
            }
            if (replacement.deprecated()) {
                throw ValidationException.of("replacementRoleId", replacement.name() + " is deprecated itself");
            }
        }
        dao.setDeprecation(before.id(), true, clock.instant(), replacementId);
        return changed(h, viewer, "role.deprecate", before);
    }

    public Role undeprecate(Viewer viewer, ScopeRef scope, long roleId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(
                h -> undeprecateLocked(h, viewer, lockForChange(viewer, chain, h.attach(RoleDao.class), roleId)));
    }

    private Role undeprecateLocked(Handle h, Viewer viewer, Role before) {
        if (!before.deprecated()) {
            throw ValidationException.of("", before.name() + " is not deprecated");
        }
        h.attach(RoleDao.class).setDeprecation(before.id(), false, null, null);
        return changed(h, viewer, "role.undeprecate", before);
    }

    /** Deletes a role nothing uses, with its role images; otherwise refuses with the list of what uses it. */
    public void delete(Viewer viewer, ScopeRef scope, long roleId) {
        ScopeChain chain = access.enter(viewer, scope);
        jdbi.useTransaction(h -> {
            RoleDao dao = h.attach(RoleDao.class);
            Role before = lockForChange(viewer, chain, dao, roleId);
            HiddenUses.Split<RoleUsage.Use> uses = HiddenUses.split(usesOf(h, before), s -> access.canSee(viewer, s));
            if (uses.inUse()) {
                throw ConflictException.inUse(before.name() + " is still used by " + uses.describe());
            }
            dao.deleteRoleImages(roleId);
            dao.delete(roleId);
            record(h, viewer, "role.delete", before, before, null);
        });
    }

    /** For {@link ImageService#registerUsage}: roles that use the image. */
    public List<ImageUsage.Use> usesOfImage(Handle handle, Image image) {
        return handle.attach(RoleDao.class).usingImage(image.id()).stream().map(RoleRow::toRole)
                .map(role -> new ImageUsage.Use("role", String.valueOf(role.id()), role.name(), role.scope())).toList();
    }

    /** What uses the role, as the registered {@link RoleUsage}s report it, inside the caller's transaction. */
    public List<RoleUsage.Use> usesOf(Handle handle, Role role) {
        return usages.stream().flatMap(usage -> usage.usesOf(handle, role).stream()).toList();
    }

    /** For {@code ScopeService.registerContents}: the roles a scope holds. */
    public List<String> heldAt(Handle handle, ScopeRef scope) {
        long count = handle.attach(RoleDao.class).countAt(scope.level().name(), scope.id());
        return count == 0 ? List.of() : List.of(count + (count == 1 ? " role" : " roles"));
    }

    Role visible(ScopeChain chain, Optional<RoleRow> row, long roleId) {
        return access.visible(chain, row.map(RoleRow::toRole), "Role " + roleId);
    }

    /** The role, locked, once the viewer is known to administer its own scope. */
    Role lockForChange(Viewer viewer, ScopeChain chain, RoleDao dao, long roleId) {
        return access.requireChange(viewer, chain, dao.lock(roleId).map(RoleRow::toRole), "Role " + roleId);
    }

    List<RoleImage> imagesOf(Handle h, long roleId) {
        return h.attach(RoleDao.class).imagesOf(roleId).stream().map(ImageRow::toImage)
                .sorted(Comparator.comparing((Image i) -> i.platform().id()).thenComparing(Image::cloudLocation))
                .map(image -> new RoleImage(roleId, image)).toList();
    }

    static RoleInput check(RoleInput input) {
        ValidationException.Collector errors = new ValidationException.Collector();
        String name = strip(input.name());
        if (name.isEmpty() || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            errors.add("name", "Use 1 to " + MAX_NAME + " lower-case letters and digits, words joined by hyphens"
                    + " (e.g. nginx-1-24)");
        }
        String osFamily = strip(input.osFamily());
        if (!OS_FAMILIES.contains(osFamily)) {
            errors.add("osFamily", "Choose an OS family: " + String.join(", ", OS_FAMILIES));
        }
        String category = strip(input.category());
        if (category.length() > MAX_CATEGORY) {
            errors.add("category", "A category has at most " + MAX_CATEGORY + " characters");
        }
        String description = strip(input.description());
        if (description.length() > MAX_DESCRIPTION) {
            errors.add("description", "A description has at most " + MAX_DESCRIPTION + " characters");
        }
        errors.throwIfAny();
        return new RoleInput(name, osFamily, category, description);
    }

    /**
     * Refuses (409) when a chain shared with {@code chain}'s scope already has a role named {@code name}. Takes the
     * name's key lock until the caller's transaction ends; callers run READ COMMITTED (see {@link RoleDao#nameClashes}).
     */
    static void refuseNameClash(RoleDao dao, ScopeChain chain, String name, long exceptId) {
        KeyLock.acquire(dao.getHandle(), "role", name);
        dao.nameClashes(chain, name, exceptId).stream().findFirst().ifPresent(row -> {
            throw ConflictException.unicity("name", "A role named " + name + " already exists on this scope chain (role "
                    + row.id() + ", " + Access.describe(row.toRole().scope()) + ")");
        });
    }

    /** Deprecated roles point at the role as their replacement; deleting it would leave them pointing nowhere. */
    private static List<RoleUsage.Use> replacing(Handle handle, Role role) {
        return handle.attach(RoleDao.class).replacedBy(role.id()).stream().map(RoleRow::toRole)
                .map(r -> new RoleUsage.Use("role", String.valueOf(r.id()), r.name(), r.scope(), "as its replacement"))
                .toList();
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    /** Reads the role after a change and audits before → after. */
    Role changed(Handle h, Viewer viewer, String action, Role before) {
        Role after = h.attach(RoleDao.class).find(before.id()).orElseThrow().toRole();
        record(h, viewer, action, after, before, after);
        return after;
    }

    void record(Handle h, Viewer viewer, String action, Role role, Object before, Object after) {
        audit.record(h, viewer, new AuditWriter.Change(action, "role", String.valueOf(role.id()), role.name(), role.scope(),
                before, after));
    }
}
