package imagehub.image;

import imagehub.access.Access;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ValidationException;
import imagehub.scope.ScopeChain;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Image deprecation, now or scheduled: deprecate, undeprecate, restore for a rollback, and put scheduled
 * deprecations into effect when due ({@link ImageDeprecationJob}). Same rules as the catalog: the viewer
 * first, an image outside the scope's reach is not found, one transaction and one audit entry per change. Each
 * change is then mirrored into the cloud after the commit ({@link ImageCloud#mirrorDeprecation}; changes made inside
 * another feature's transaction are mirrored by the reconciler).
 */
public final class ImageDeprecations {
    public static final int MAX_REASON = 500;

    private final Jdbi jdbi;
    private final Access access;
    private final ImageChanges changes;
    private final Clock clock;
    private final ImageCloud cloud;

    public ImageDeprecations(Jdbi jdbi, Access access, AuditWriter audit, Clock clock, ImageCloud cloud) {
        this.jdbi = jdbi;
        this.cloud = cloud;
        this.access = access;
        this.changes = new ImageChanges(access, audit);
        this.clock = clock;
    }

    /** Deprecate now ({@code effectiveAt} null or past) or at a future time; the replacement is optional. */
    public record Deprecation(String reason, String replacementImageId, Instant effectiveAt) {
    }

    /**
     * Deprecates an image now, or schedules it for a future time. The replacement must be visible from
     * the image's scope, in the same platform and location, and not deprecated itself.
     */
    public Image deprecate(Viewer viewer, ScopeRef scope, String imageId, Deprecation deprecation) {
        ScopeChain chain = access.enter(viewer, scope);
        Image deprecated = jdbi.inTransaction(h -> {
            changes.lockForChange(viewer, chain, h.attach(ImageDao.class), imageId);
            return deprecateWithin(h, viewer, imageId, deprecation);
        });
        cloud.mirrorDeprecation(imageId);
        return deprecated;
    }

    /** {@link #deprecate} inside the caller's transaction: replace everywhere deprecates the image it replaced. */
    public Image deprecateWithin(Handle h, Viewer viewer, String imageId, Deprecation deprecation) {
        ImageDao dao = h.attach(ImageDao.class);
        Image before = dao.lock(imageId).orElseThrow(() -> new NotFoundException("Image " + imageId)).toImage();
        access.requireAdmin(viewer, before.scope(), "change " + before.name());
        if (before.deprecated()) {
            throw ValidationException.of("", before.name() + " is already deprecated; undeprecate it first to change that");
        }
        ValidationException.Collector errors = new ValidationException.Collector();
        String reason = deprecation.reason() == null ? "" : deprecation.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            errors.add("reason", "Say why, in 1 to " + MAX_REASON + " characters");
        }
        String replacementId = blankToNull(deprecation.replacementImageId());
        if (replacementId != null) {
            checkReplacement(errors, dao, before, replacementId);
        }
        errors.throwIfAny();
        Instant now = clock.instant();
        boolean later = deprecation.effectiveAt() != null && deprecation.effectiveAt().isAfter(now);
        dao.setDeprecation(imageId, !later, reason, later ? null : now, replacementId,
                later ? deprecation.effectiveAt() : null);
        return changes.changed(h, viewer, later ? "image.deprecate.schedule" : "image.deprecate", before);
    }

    /** Makes a deprecated image active again, or cancels a scheduled deprecation. */
    public Image undeprecate(Viewer viewer, ScopeRef scope, String imageId) {
        ScopeChain chain = access.enter(viewer, scope);
        Image active = jdbi.inTransaction(h -> undeprecateLocked(h, viewer,
                changes.lockForChange(viewer, chain, h.attach(ImageDao.class), imageId)));
        cloud.mirrorDeprecation(imageId);
        return active;
    }

    /** Undeprecates the image {@code before}, locked and the viewer's to change (the catalog's PATCH too). */
    Image undeprecateLocked(Handle h, Viewer viewer, Image before) {
        if (!before.deprecated() && !before.deprecationScheduled()) {
            throw ValidationException.of("", before.name() + " is not deprecated");
        }
        h.attach(ImageDao.class).setDeprecation(before.id(), false, null, null, null, null);
        return changes.changed(h, viewer, "image.undeprecate", before);
    }

    /**
     * Puts an image's deprecation back to an earlier state inside the caller's transaction, for the rollback
     * of a replacement that deprecated it.
     */
    public Image restoreDeprecation(Handle h, Viewer viewer, String imageId, DeprecationState state) {
        ImageDao dao = h.attach(ImageDao.class);
        Image before = dao.lock(imageId).orElseThrow(() -> new NotFoundException("Image " + imageId)).toImage();
        access.requireAdmin(viewer, before.scope(), "change " + before.name());
        dao.setDeprecation(imageId, state.deprecated(), state.reason(), state.deprecatedAt(), state.replacementImageId(),
                state.dueAt());
        return changes.changed(h, viewer, "image.deprecation.restore", before);
    }

    /**
     * Puts scheduled deprecations that are due at {@code now} into effect; the recurring
     * {@link ImageDeprecationJob} calls it. Returns how many took effect.
     */
    public int applyDueDeprecations(Viewer viewer, Instant now) {
        access.requireManage(viewer, ScopeRef.GLOBAL);
        return jdbi.inTransaction(h -> {
            ImageDao dao = h.attach(ImageDao.class);
            List<Image> due = dao.lockDueDeprecations(now).stream().map(ImageRow::toImage).toList();
            for (Image before : due) {
                dao.setDeprecation(before.id(), true, before.deprecationReason(), before.deprecationDueAt(),
                        before.replacementImageId(), null);
                changes.changed(h, viewer, "image.deprecate", before);
            }
            return due.size();
        });
    }

    private void checkReplacement(ValidationException.Collector errors, ImageDao dao, Image image, String replacementId) {
        Image replacement = dao.find(replacementId).map(ImageRow::toImage)
                .filter(r -> access.chain(image.scope()).sees(r.scope())).orElse(null);
        if (replacement == null) {
            errors.add("replacementImageId", "No image " + replacementId + " is visible from " + image.name() + "'s scope");
        } else if (replacement.id().equals(image.id())) {
            errors.add("replacementImageId", "An image cannot replace itself");
        } else if (replacement.platform() != image.platform() || !replacement.cloudLocation().equals(image.cloudLocation())) {
            errors.add("replacementImageId", "The replacement must be in " + image.platform().id() + " "
                    + image.cloudLocation() + " too");
        } else if (replacement.deprecated()) {
            errors.add("replacementImageId", replacement.name() + " is deprecated itself");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
