package imagehub.image;

import imagehub.scope.ScopeChain;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The statements of the API's hottest paths (get, PATCH and register of an image) on a handle, without attaching
 * {@link ImageDao}: JDBI's attach derives a configuration for every method of the DAO each time (jdbi/jdbi#2617),
 * which cost more than the query itself. The DAO's methods of the same names call these.
 */
final class ImageRows {
    private ImageRows() {
    }

    static Optional<ImageRow> find(Handle h, String id) {
        return h.createQuery("SELECT " + ImageRow.COLUMNS + " FROM images WHERE id = :id").bind("id", id)
                .mapTo(ImageRow.class).findOne();
    }

    /** The row, locked until the end of the transaction. */
    static Optional<ImageRow> lock(Handle h, String id) {
        return h.createQuery("SELECT " + ImageRow.COLUMNS + " FROM images WHERE id = :id FOR UPDATE").bind("id", id)
                .mapTo(ImageRow.class).findOne();
    }

    /** See {@link ImageDao#clashes}. */
    static List<ImageRow> clashes(Handle h, ScopeChain chain, String platform, String location, String cloudImageId,
            String exceptId) {
        return chain.bind(h.createQuery("SELECT " + ImageRow.COLUMNS + " FROM images"
                        + " WHERE platform = :platform AND cloud_location = :location AND cloud_image_id = :cloudImageId"
                        + " AND id <> :exceptId AND " + chain.overlapCondition() + " ORDER BY scope_level, id"))
                .bind("platform", platform).bind("location", location).bind("cloudImageId", cloudImageId)
                .bind("exceptId", exceptId)
                .mapTo(ImageRow.class).list();
    }

    static void insert(Handle h, ImageRow row) {
        h.createUpdate(ImageRow.INSERT).bindMethods(row).execute();
    }

    static void edit(Handle h, String id, String name, String description) {
        h.createUpdate("UPDATE images SET name = :name, description = :description WHERE id = :id")
                .bind("id", id).bind("name", name).bind("description", description).execute();
    }
}
