package imagehub.image;

import imagehub.access.Access;
import imagehub.access.Viewer;
import imagehub.audit.AuditWriter;
import imagehub.scope.ScopeChain;
import org.jdbi.v3.core.Handle;

/** What every change to an image does first and last, for the catalog and the deprecations alike. */
final class ImageChanges {
    private final Access access;
    private final AuditWriter audit;

    ImageChanges(Access access, AuditWriter audit) {
        this.access = access;
        this.audit = audit;
    }

    /** The image, locked, once the viewer is known to administer the scope it is defined at. */
    Image lockForChange(Viewer viewer, ScopeChain chain, ImageDao dao, String imageId) {
        return access.requireChange(viewer, chain, dao.lock(imageId).map(ImageRow::toImage), "Image " + imageId);
    }

    /** Reads the image after a change and audits before → after. */
    Image changed(Handle h, Viewer viewer, String action, Image before) {
        Image after = ImageRows.find(h, before.id()).orElseThrow().toImage();
        record(h, viewer, action, after, before, after);
        return after;
    }

    void record(Handle h, Viewer viewer, String action, Image image, Image before, Image after) {
        audit.record(h, viewer, new AuditWriter.Change(action, "image", image.id(), image.name(), image.scope(), before, after));
    }
}
