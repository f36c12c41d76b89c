package imagehub.support;

import imagehub.AppContext;
import imagehub.access.Viewer;
import imagehub.audit.AuditRecord;
import imagehub.image.Image;
import imagehub.image.ImageService;
import imagehub.role.Role;
import imagehub.role.RoleImageRow;
import imagehub.role.RoleService;
import imagehub.core.ScopeRef;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh images and roles for service tests, and views of the tables to compare before and after. */
public final class Fixtures {
    public static final String EAST = "sandbox-east-1";
    public static final String WEST = "sandbox-west-1";
    private static final AtomicInteger counter = new AtomicInteger(0x5000);

    private final AppContext app;

    public Fixtures(AppContext app) {
        this.app = app;
    }

    public static String unique(String prefix) {
        return prefix + "-" + counter.incrementAndGet();
    }

    /** A new sandbox image with a cloud id no other test uses. */
    public Image image(Viewer viewer, ScopeRef scope, String location, String osId) {
        return named(viewer, scope, location, osId, unique("img"));
    }

    /** A new sandbox image called {@code name}, for tests that find images by name. */
    public Image named(Viewer viewer, ScopeRef scope, String location, String osId, String name) {
        String cloudImageId = SandboxImages.hold(app, String.format("sbx-%08x", counter.incrementAndGet()));
        return app.images.register(viewer, scope, new ImageService.NewImage("sandbox", location, cloudImageId,
                name, "test image", osId, "x86_64", true, 8));
    }

    public Image ubuntu(Viewer viewer, ScopeRef scope, String location) {
        return image(viewer, scope, location, "ubuntu-22-04");
    }

    public Role role(Viewer viewer, ScopeRef scope, String osFamily) {
        return app.roles.create(viewer, scope, new RoleService.RoleInput(unique("role"), osFamily, "test", ""));
    }

    /** A new Ubuntu role using {@code images}. */
    public Role roleUsing(Viewer viewer, ScopeRef scope, Image... images) {
        Role role = role(viewer, scope, "ubuntu");
        for (Image image : images) {
            app.roleImages.addImage(viewer, scope, role.id(), image.id());
        }
        return role;
    }

    public List<RoleImageRow> roleImages() {
        return app.jdbi.withHandle(h -> h.createQuery("SELECT " + RoleImageRow.COLUMNS
                + " FROM role_images ORDER BY role_id, platform, cloud_location").mapTo(RoleImageRow.class).list());
    }

    public String imageOf(Role role, String location) {
        return app.jdbi.withHandle(h -> h.createQuery(
                "SELECT image_id FROM role_images WHERE role_id = :id AND cloud_location = :location")
                .bind("id", role.id()).bind("location", location).mapTo(String.class).findOne().orElse(null));
    }

    /** The id of the latest audit entry, to count what a change writes after it. */
    public long auditMark() {
        return app.jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM audit_log").mapTo(Long.class).one());
    }

    public List<AuditRecord> auditSince(long mark) {
        return app.jdbi.withHandle(h -> h.createQuery("""
                SELECT id, at, actor_id, actor_email, channel, action, object_type, object_id, object_name, scope_level,
                  scope_id, before_json, after_json FROM audit_log WHERE id > :mark ORDER BY id""")
                .bind("mark", mark).mapTo(AuditRecord.class).list());
    }
}
