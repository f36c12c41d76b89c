package imagehub.cli;

/** Why a command failed, with the exit code the process ends with. */
final class CliException extends RuntimeException {
    /** The API answered with an error (its code and message are printed). */
    static final int API_ERROR = 1;
    /** Bad arguments or configuration. */
    static final int USAGE = 2;
    /** No answer, or an answer that is not the API's JSON. */
    static final int UNREACHABLE = 3;
    /** Waited-on work ended without success, or did not end in time. */
    static final int WORK_FAILED = 4;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
