package imagehub.image;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The statements of the API's hottest paths (get and PATCH of an image) on a handle, without attaching
 * {@link ImageDao}: JDBI's attach derives a configuration for every method of the DAO each time (jdbi/jdbi#2617),
 * which cost more than the query itself. Same SQL as the DAO's methods of the same names.
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

    static void edit(Handle h, String id, String name, String description) {
        h.createUpdate("UPDATE images SET name = :name, description = :description WHERE id = :id")
                .bind("id", id).bind("name", name).bind("description", description).execute();
    }
}
