package imagehub.operation;

/** Where a server operation stands; only a running one still changes anything. */
public enum OperationStatus {
    RUNNING, COMPLETED, CANCELLED, FAILED;

    public String label() {
        return name().toLowerCase();
    }
}
