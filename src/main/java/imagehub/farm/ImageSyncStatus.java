package imagehub.farm;

/** Whether a bound scaling group's launch configuration carries its farm role's image. */
public enum ImageSyncStatus {
    /** A change waits to be written into the cloud (or is being retried after a passing failure). */
    PENDING,
    APPLIED,
    /** The cloud refused the change; the message says why, and a retry tries again. */
    FAILED;

    public String label() {
        return name().toLowerCase();
    }
}
