package imagehub.support;

import imagehub.AppContext;
import imagehub.provider.sandbox.SandboxModule;
import java.time.Instant;

/** Puts an image into the sandbox cloud (every location, available now), as if it had been built there. */
public final class SandboxImages {
    private SandboxImages() {
    }

    public static String hold(AppContext app, String cloudImageId) {
        app.jdbi.useHandle(h -> {
            for (String location : SandboxModule.REGIONS) {
                h.createUpdate("""
                        INSERT IGNORE INTO sandbox_images (cloud_location, cloud_image_id, name, os_id, state, created_at, available_at)
                        VALUES (:location, :id, :id, 'ubuntu-22-04', 'CREATING', :now, :now)""")
                        .bind("location", location).bind("id", cloudImageId).bind("now", Instant.now()).execute();
            }
        });
        return cloudImageId;
    }
}
