package imagehub.access;

import java.util.List;

/** Who is asking, with the grants they hold and the channel they came through. */
public record Viewer(long userId, String email, List<Grant> grants, Channel channel) {
    public Viewer {
        grants = List.copyOf(grants);
    }

    /** The identity of Imagehub itself (bootstrap, demo seeding), with no grants and no user. */
    public static Viewer system() {
        return new Viewer(0, "system", List.of(), Channel.SYSTEM);
    }

    public boolean isSystem() {
        return channel == Channel.SYSTEM;
    }

    public Viewer via(Channel other) {
        return new Viewer(userId, email, grants, other);
    }
}
