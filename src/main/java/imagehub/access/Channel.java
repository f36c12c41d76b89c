package imagehub.access;

/** Through what a change arrived; recorded with every audit entry. */
public enum Channel {
    UI, API, SCHEDULER, CLI, SYSTEM;

    public String label() {
        return name().toLowerCase();
    }
}
