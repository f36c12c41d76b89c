package imagehub.usage;

import imagehub.core.ScopeRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The uses of an image or a role in scopes the viewer cannot see: counted per kind, never named, so a usage
 * report tells someone that something elsewhere uses it without telling them what or whose.
 */
public record HiddenUses(Map<String, Integer> byKind) {
    public HiddenUses {
        byKind = Collections.unmodifiableMap(new TreeMap<>(byKind));
    }

    /** The uses one viewer may see, in the order they came, and the others, counted. */
    public record Split<U extends ScopedUse>(List<U> shown, HiddenUses hidden) {
        /** Whether anything uses it, seen or not: what refusing a delete goes by. */
        public boolean inUse() {
            return !shown.isEmpty() || !hidden.isEmpty();
        }

        /** "role web, farm api (2 servers), and 1 farm in scopes you cannot see": a refusal's words. */
        public String describe() {
            String named = shown.stream().map(ScopedUse::describe).collect(Collectors.joining(", "));
            if (hidden.isEmpty()) {
                return named;
            }
            return named.isEmpty() ? hidden.describe() : named + ", and " + hidden.describe();
        }
    }

    /**
     * Splits {@code uses} by whether {@code canSee} their scope (asked once per scope). A hidden thing is
     * counted once even when it uses the image or role several times (a farm with two farm roles of a role).
     */
    public static <U extends ScopedUse> Split<U> split(List<U> uses, Predicate<ScopeRef> canSee) {
        Map<ScopeRef, Boolean> seen = new HashMap<>();
        List<U> shown = new ArrayList<>();
        Set<List<String>> hidden = new LinkedHashSet<>();
        for (U use : uses) {
            if (seen.computeIfAbsent(use.scope(), canSee::test)) {
                shown.add(use);
            } else {
                hidden.add(List.of(use.kind(), use.id()));
            }
        }
        Map<String, Integer> byKind = hidden.stream()
                .collect(Collectors.groupingBy(key -> key.get(0), Collectors.summingInt(key -> 1)));
        return new Split<>(List.copyOf(shown), new HiddenUses(byKind));
    }

    public int total() {
        return byKind.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean isEmpty() {
        return byKind.isEmpty();
    }

    /** "3 roles and 1 farm in scopes you cannot see"; empty when nothing is hidden. */
    public String describe() {
        if (isEmpty()) {
            return "";
        }
        List<String> parts = byKind.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey() + (e.getValue() == 1 ? "" : "s")).toList();
        String counted = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        return counted + " in scopes you cannot see";
    }
}
