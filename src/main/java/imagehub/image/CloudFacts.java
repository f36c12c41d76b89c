package imagehub.image;

import imagehub.core.ScopeRef;
import java.time.Instant;

/**
 * What the cloud says about a registered image: its state ({@code stateMessage} says why a copy failed), its
 * creation date and owner there; {@code scope} is the scope whose stored credentials reach it (where it was
 * registered; kept when it is promoted; null for images registered before #11) and {@code credentialsId} the
 * credentials named then (null: the scope's only ones); the image it was copied from; whether mirroring its
 * deprecation into the cloud is still to be done and how it went; since when the cloud no longer holds it.
 */
public record CloudFacts(CloudState state, String stateMessage, Instant createdAt, String ownerId, ScopeRef scope,
        Long credentialsId, String copiedFromImageId, boolean deprecationPending, String deprecationNote,
        Instant missingSince) {

    public boolean missing() {
        return missingSince != null;
    }
}
