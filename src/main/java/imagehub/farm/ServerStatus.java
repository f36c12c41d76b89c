package imagehub.farm;

import java.util.List;

public enum ServerStatus {
    PENDING, RUNNING, SUSPENDED, TERMINATED;

    /** Servers that count towards a farm role's size and its image's use. */
    public static final List<ServerStatus> ACTIVE = List.of(PENDING, RUNNING, SUSPENDED);

    public String label() {
        return name().toLowerCase();
    }
}
