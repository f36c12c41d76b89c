package imagehub.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input that breaks a rule, with one message per field ({@code ""} for the form as a whole). Forms show
 * the messages next to their fields; the API answers 400 with them.
 */
public final class ValidationException extends RuntimeException {
    private final Map<String, String> errors;

    public ValidationException(Map<String, String> errors) {
        super(String.join("; ", errors.values()));
        this.errors = Map.copyOf(errors);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(Map.of(field, message));
    }

    public Map<String, String> errors() {
        return errors;
    }

    /** Collects field errors, then throws them all at once. */
    public static final class Collector {
        private final Map<String, String> errors = new LinkedHashMap<>();

        public Collector add(String field, String message) {
            errors.putIfAbsent(field, message);
            return this;
        }

        public boolean has(String field) {
            return errors.containsKey(field);
        }

        public void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
        }
    }
}
