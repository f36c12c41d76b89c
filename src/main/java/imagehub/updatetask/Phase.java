package imagehub.updatetask;

/**
 * The step an execution does next, stored so a run interrupted by a crash resumes where it was. Before
 * {@link #REPLACE} nothing outside the run has changed, so it is resumed; from it on it is reverted.
 */
enum Phase {
    CREATE, WAIT, REGISTER, REPLACE, DEPRECATE, DONE;

    boolean changesTargets() {
        return ordinal() >= REPLACE.ordinal();
    }
}
