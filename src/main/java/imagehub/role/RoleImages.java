package imagehub.role;

import imagehub.access.Access;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.catalog.OperatingSystem;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.image.Image;
import imagehub.image.ImageDao;
import imagehub.image.ImageFilter;
import imagehub.image.ImageRow;
import imagehub.image.ImageService;
import imagehub.image.ImageSort;
import imagehub.scope.ScopeChain;
import imagehub.core.ScopeRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The images a role uses, one per platform and location: adding, replacing and removing one, and the images
 * the viewer could choose. Rights and locks as {@link RoleService}'s: the image is locked before the role.
 */
public final class RoleImages {
    private static final int MAX_CANDIDATES = ImageService.MAX_PAGE_SIZE;

    private final Jdbi jdbi;
    private final Access access;
    private final RoleService roles;
    private final ImageService images;

    public RoleImages(Jdbi jdbi, Access access, RoleService roles, ImageService images) {
        this.jdbi = jdbi;
        this.access = access;
        this.roles = roles;
        this.images = images;
    }

    /** The image the role uses in that image's platform and location, if it is that image. */
    public RoleImage roleImage(Viewer viewer, ScopeRef scope, long roleId, String imageId) {
        access.requireEnter(viewer, scope);
        return roles.detail(viewer, scope, roleId).images().stream().filter(ri -> ri.image().id().equals(imageId))
                .findFirst().orElseThrow(() -> new NotFoundException("Image " + imageId + " of role " + roleId));
    }

    /**
     * Images the viewer could add to the role, or switch it to: visible from the role's scope, not
     * deprecated, of its OS family (at most {@value #MAX_CANDIDATES}). Empty for viewers who may not change it.
     */
    public List<Image> candidates(Viewer viewer, ScopeRef scope, long roleId) {
        access.requireEnter(viewer, scope);
        Role role = roles.get(viewer, scope, roleId);
        if (!roles.canManage(viewer, role)) {
            return List.of();
        }
        ImageFilter usable = new ImageFilter(null, null, null, null, false, null, ImageSort.PLATFORM, false);
        return images.list(viewer, role.scope(), usable, 1, MAX_CANDIDATES).images().stream()
                .filter(image -> refusal(role, image).isEmpty()).toList();
    }

    /**
     * What the viewer could put into the role of {@code detail}, of its {@link #candidates}: for each image
     * it uses (by id), the images it could switch to in that platform and location; and the images it
     * could add, in a platform and location it has no image in yet.
     */
    public record ImageChoices(Map<String, List<Image>> switchTo, List<Image> addable) {
    }

    public ImageChoices imageChoices(Viewer viewer, ScopeRef scope, RoleService.RoleDetail detail) {
        List<Image> candidates = candidates(viewer, scope, detail.role().id());
        Map<String, List<Image>> switchTo = new HashMap<>();
        for (RoleImage used : detail.images()) {
            switchTo.put(used.image().id(), candidates.stream()
                    .filter(c -> sameCloud(c, used.image()) && !c.id().equals(used.image().id())).toList());
        }
        List<Image> addable = candidates.stream()
                .filter(c -> detail.images().stream().noneMatch(used -> sameCloud(used.image(), c))).toList();
        return new ImageChoices(switchTo, addable);
    }

    private static boolean sameCloud(Image a, Image b) {
        return a.platform() == b.platform() && a.cloudLocation().equals(b.cloudLocation());
    }

    /** {@link RoleService#canManage} and {@link #refusal} for the many roles of one call, e.g. a replace everywhere. */
    public RoleChecks checks(Viewer viewer) {
        return new RoleChecks(viewer);
    }

    /**
     * Answers as {@link RoleService#canManage} and {@link #refusal} do, but looks up each distinct scope (its
     * rights and, for an environment, its account) once: roles share a handful of scopes. Lives for one call.
     */
    public final class RoleChecks {
        private final Viewer viewer;
        private final Map<ScopeRef, Boolean> manageable = new HashMap<>();
        private final Map<ScopeRef, ScopeChain> chains = new HashMap<>();

        private RoleChecks(Viewer viewer) {
            this.viewer = viewer;
        }

        public boolean canManage(Role role) {
            return manageable.computeIfAbsent(role.scope(), scope -> roles.canManage(viewer, role));
        }

        public Optional<RuntimeException> refusal(Role role, Image image) {
            return RoleImages.refusal(chains.computeIfAbsent(role.scope(), access::chain), role, image);
        }
    }

    /**
     * Adds an image in its platform and location. The image must be visible from the role's scope, not
     * deprecated, and of the role's OS family; a role holds one image per platform and location.
     */
    public RoleImage addImage(Viewer viewer, ScopeRef scope, long roleId, String imageId) {
        ScopeChain chain = access.enter(viewer, scope);
        // READ COMMITTED: the role's row lock orders its writers; a missing mapping's lock then takes no gap lock
        // that writers of neighbouring roles' mappings would deadlock on.
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            Image image = lockImage(h, chain, imageId);
            RoleDao dao = h.attach(RoleDao.class);
            Role role = roles.lockForChange(viewer, chain, dao, roleId);
            refuseImage(role, image);
            dao.lockRoleImage(roleId, image.platform().id(), image.cloudLocation()).ifPresent(existing -> {
                throw ConflictException.unicity("imageId", role.name() + " already has an image in "
                        + image.platform().id() + " " + image.cloudLocation() + "; replace it instead");
            });
            dao.insertRoleImage(roleId, image.platform().id(), image.cloudLocation(), imageId);
            RoleImage added = new RoleImage(roleId, image);
            roles.record(h, viewer, "role.image.add", role, null, added.row());
            return added;
        });
    }

    /** Swaps the role's image {@code oldImageId} for another image of the same platform and location. */
    public RoleImage replaceImage(Viewer viewer, ScopeRef scope, long roleId, String oldImageId, String newImageId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(h -> replaceImageWithin(h, viewer, chain, roleId, oldImageId, newImageId));
    }

    /**
     * {@link #replaceImage} inside the caller's transaction, for a caller that swaps several roles' images at once
     * (an update task run: all its targets, or none).
     */
    public RoleImage replaceImageWithin(Handle h, Viewer viewer, ScopeChain chain, long roleId, String oldImageId,
            String newImageId) {
        Image image = lockImage(h, chain, newImageId);
        RoleDao dao = h.attach(RoleDao.class);
        Role role = roles.lockForChange(viewer, chain, dao, roleId);
        RoleImageRow before = lockUsed(dao, role, oldImageId);
        if (!image.platform().id().equals(before.platform()) || !image.cloudLocation().equals(before.cloudLocation())) {
            throw ValidationException.of("imageId", "The new image must be in " + before.platform() + " "
                    + before.cloudLocation() + " too");
        }
        if (image.id().equals(oldImageId)) {
            throw ValidationException.of("imageId", role.name() + " already uses " + image.name());
        }
        refuseImage(role, image);
        dao.setRoleImage(roleId, before.platform(), before.cloudLocation(), newImageId);
        RoleImage after = new RoleImage(roleId, image);
        roles.record(h, viewer, "role.image.replace", role, before, after.row());
        return after;
    }

    /** Removes the role's image {@code imageId}, leaving it without an image in that platform and location. */
    public void removeImage(Viewer viewer, ScopeRef scope, long roleId, String imageId) {
        ScopeChain chain = access.enter(viewer, scope);
        jdbi.useTransaction(h -> {
            RoleDao dao = h.attach(RoleDao.class);
            Role role = roles.lockForChange(viewer, chain, dao, roleId);
            RoleImageRow before = lockUsed(dao, role, imageId);
            dao.deleteRoleImage(roleId, before.platform(), before.cloudLocation());
            roles.record(h, viewer, "role.image.remove", role, before, null);
        });
    }

    /**
     * Why {@code image} may not go into {@code role}, if it may not: not visible from the role's scope,
     * deprecated, or of another OS family. Replace everywhere asks the same for each role it would change.
     */
    public Optional<RuntimeException> refusal(Role role, Image image) {
        return refusal(access.chain(role.scope()), role, image);
    }

    private static Optional<RuntimeException> refusal(ScopeChain roleChain, Role role, Image image) {
        if (!roleChain.sees(image.scope())) {
            return Optional.of(ValidationException.of("imageId", image.name() + " is not visible from " + role.name()
                    + "'s scope; a role only uses images visible from its own scope"));
        }
        if (image.deprecated()) {
            return Optional.of(ValidationException.of("imageId", image.name() + " is deprecated and cannot be added to a role"));
        }
        String family = OperatingSystem.find(image.osId()).map(OperatingSystem::family).orElse(image.osId());
        if (!family.equals(role.osFamily())) {
            return Optional.of(new ConflictException(RoleService.OS_MISMATCH, "imageId", image.name() + " runs "
                    + image.osId() + ", but " + role.name() + " is a " + role.osFamily() + " role"));
        }
        return Optional.empty();
    }

    /** Locks an image visible from the request's scope, before the role: the order replace everywhere also takes. */
    private static Image lockImage(Handle h, ScopeChain chain, String imageId) {
        return h.attach(ImageDao.class).lock(imageId == null ? "" : imageId).map(ImageRow::toImage)
                .filter(image -> chain.sees(image.scope()))
                .orElseThrow(() -> ValidationException.of("imageId", "Choose an image visible here"));
    }

    private void refuseImage(Role role, Image image) {
        Optional<RuntimeException> refusal = refusal(role, image);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    private static RoleImageRow lockUsed(RoleDao dao, Role role, String imageId) {
        return dao.roleImages(role.id()).stream().filter(row -> row.imageId().equals(imageId)).findFirst()
                .flatMap(row -> dao.lockRoleImage(role.id(), row.platform(), row.cloudLocation()))
                .filter(row -> row.imageId().equals(imageId))
                .orElseThrow(() -> new NotFoundException("Image " + imageId + " of role " + role.name()));
    }
}
