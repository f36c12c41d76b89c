package imagehub.core;

import java.util.List;

/** One page of a list read in SQL, with how many items the whole list has. */
public record Page<T>(List<T> items, long total) {
    public Page {
        items = List.copyOf(items);
    }
}
