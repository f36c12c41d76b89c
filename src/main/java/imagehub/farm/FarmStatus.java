package imagehub.farm;

/** A farm is created terminated (not launched), runs, may be suspended, and is terminated again. */
public enum FarmStatus {
    RUNNING, SUSPENDED, TERMINATED;

    public String label() {
        return name().toLowerCase();
    }
}
