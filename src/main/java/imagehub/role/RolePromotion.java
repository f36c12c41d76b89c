package imagehub.role;

import imagehub.access.Access;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.image.Image;
import imagehub.image.ImageService;
import imagehub.role.RoleService.RoleInput;
import imagehub.scope.ScopeChain;
import imagehub.core.ScopeRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Moving a role one scope up with the images it needs there, and copying a role under a new name. Rights and
 * locks as {@link RoleService}'s; a promotion is all or nothing and adds one audit entry per image it moves.
 */
public final class RolePromotion {
    private static final imagehub.access.AccessLevel ADMIN = imagehub.access.AccessLevel.ADMIN;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditWriter audit;
    private final RoleService roles;
    private final ImageService images;
    private final Clock clock;

    public RolePromotion(Jdbi jdbi, Access access, AuditWriter audit, RoleService roles, ImageService images,
            Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.roles = roles;
        this.images = images;
        this.clock = clock;
    }

    /** A copy of a role with its images, under a new name, at the role's scope or one below it. */
    public record RoleClone(String name, ScopeRef target) {
    }

    /** Where promoting the role would move it, if the viewer may do that. */
    public Optional<ScopeRef> promotionTarget(Viewer viewer, Role role) {
        return access.parentOf(role.scope()).filter(target -> access.allows(viewer, target, ADMIN));
    }

    /** The scopes the viewer may clone the role into: the role's scope and those below it that they administer. */
    public List<ScopeRef> cloneTargets(Viewer viewer, Role role) {
        return access.enterableScopes(viewer).stream()
                .filter(target -> access.allows(viewer, target, ADMIN) && access.chain(target).sees(role.scope())).toList();
    }

    /**
     * Moves a role one scope up (environment → its account → Global) together with every image it uses
     * that sits below the new scope, all in one transaction. Needs admin rights at the target. When any
     * image cannot move, nothing moves and the refusal names each such image and why.
     */
    public Role promote(Viewer viewer, ScopeRef scope, long roleId) {
        ScopeChain chain = access.enter(viewer, scope);
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            RoleDao dao = h.attach(RoleDao.class);
            Role before = roles.visible(chain, dao.lock(roleId), roleId);
            ScopeRef target = access.parentOf(before.scope())
                    .orElseThrow(() -> ValidationException.of("", before.name() + " is a Global role already"));
            access.requireAdmin(viewer, target, "promote " + before.name());
            ScopeChain targetChain = access.chain(target);
            RoleService.refuseNameClash(dao, targetChain, before.name(), roleId);
            List<String> refusals = new ArrayList<>();
            String code = "UnicityViolation";
            if (before.replacementRoleId() != null) {
                dao.find(before.replacementRoleId()).map(RoleRow::toRole).filter(r -> !targetChain.sees(r.scope()))
                        .ifPresent(r -> refusals.add("its replacement role " + r.name() + " would not be visible from there"));
            }
            for (RoleImage used : roles.imagesOf(h, roleId)) {
                Image image = used.image();
                if (targetChain.sees(image.scope())) {
                    continue;
                }
                try {
                    images.promoteWithin(h, viewer, image.id(), target);
                } catch (ConflictException refused) {
                    refusals.add("image " + image.name() + " (" + image.cloudLabel() + ") " + refused.getMessage());
                    code = refused.code();
                }
            }
            if (!refusals.isEmpty()) {
                throw new ConflictException(code, "", before.name() + " was not promoted and nothing moved: "
                        + String.join("; ", refusals));
            }
            dao.move(roleId, target.level().name(), target.id(), targetChain.accountId());
            return roles.changed(h, viewer, "role.promote", before);
        });
    }

    /** A copy of the role with its images under a new name, at the role's scope or a scope below it. */
    public Role cloneRole(Viewer viewer, ScopeRef scope, long roleId, RoleClone clone) {
        ScopeChain chain = access.enter(viewer, scope);
        Role source = roles.get(viewer, scope, roleId);
        ScopeRef target = clone.target() == null ? source.scope() : clone.target();
        access.requireManage(viewer, target);
        ScopeChain targetChain = access.chain(target);
        if (!targetChain.sees(source.scope())) {
            throw ValidationException.of("target", "A clone lives at " + source.name() + "'s scope or below it");
        }
        RoleInput valid = RoleService.check(
                new RoleInput(clone.name(), source.osFamily(), source.category(), source.description()));
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            RoleDao dao = h.attach(RoleDao.class);
            roles.visible(chain, dao.lock(roleId), roleId);
            RoleService.refuseNameClash(dao, targetChain, valid.name(), 0);
            long id = dao.insert(target.level().name(), target.id(), targetChain.accountId(), valid.name(),
                    valid.osFamily(), valid.category(), valid.description(), viewer.email(), clock.instant());
            List<RoleImageRow> copied = dao.roleImages(roleId).stream()
                    .map(row -> new RoleImageRow(id, row.platform(), row.cloudLocation(), row.imageId())).toList();
            copied.forEach(row -> dao.insertRoleImage(id, row.platform(), row.cloudLocation(), row.imageId()));
            Role role = dao.find(id).orElseThrow().toRole();
            audit.record(h, viewer, new AuditWriter.Change("role.clone", "role", String.valueOf(id), role.name(), target,
                    new Cloned(source.id(), source.name(), List.of()), new Cloned(role.id(), role.name(), copied)));
            return role;
        });
    }

    /** What a clone's audit entry records: the source before, the new role and its images after. */
    private record Cloned(long roleId, String name, List<RoleImageRow> images) {
    }
}
