package imagehub.image;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The orders an image list can take; each maps to fixed SQL, never to user text. */
public enum ImageSort {
    NAME("name", List.of("name")), CREATED("created", List.of("created_at")),
    PLATFORM("platform", List.of("platform", "cloud_location")), OS("os", List.of("os_id"));

    private final String id;
    private final List<String> columns;

    ImageSort(String id, List<String> columns) {
        this.id = id;
        this.columns = columns;
    }

    public String id() {
        return id;
    }

    /** The columns this order sorts on, without the id: what an index-only page of ids must select. */
    List<String> columns() {
        return columns;
    }

    /** The ORDER BY list, with the id last so pages never overlap. */
    String orderBy(boolean descending) {
        String direction = descending ? " DESC" : " ASC";
        return Stream.concat(columns.stream(), Stream.of("id")).map(c -> c + direction).collect(Collectors.joining(", "));
    }

    public static Optional<ImageSort> find(String id) {
        for (ImageSort sort : values()) {
            if (sort.id.equals(id)) {
                return Optional.of(sort);
            }
        }
        return Optional.empty();
    }
}
