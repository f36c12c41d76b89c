package imagehub.farm;

import imagehub.access.Viewer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Which image each farm role of a farm ran on a given day, answered from the server history (servers keep the image
 * they were launched from, and their launch and termination times, after they are gone).
 */
public final class FarmHistory {
    /** The servers of one farm role that ran one image at some moment of the day: how many, and since / until when. */
    public record ImageOnDay(long farmRoleId, String farmRoleAlias, String imageId, String imageName, int servers,
            Instant firstLaunched, Instant lastTerminated) {
    }

    /** The day asked about (UTC) and one line per farm role and image; a farm role that ran nothing has no line. */
    public record Day(LocalDate date, List<ImageOnDay> images) {
    }

    private final Jdbi jdbi;
    private final FarmService farms;
    private final Clock clock;

    public FarmHistory(Jdbi jdbi, FarmService farms, Clock clock) {
        this.jdbi = jdbi;
        this.farms = farms;
        this.clock = clock;
    }

    /** The day a farm page asks about when it names none. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    public Day imagesOn(Viewer viewer, long farmId, LocalDate date) {
        farms.get(viewer, farmId);
        Instant from = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<ImageOnDay> images = jdbi.withHandle(h -> h.createQuery("""
                SELECT fr.id AS farm_role_id, fr.alias AS farm_role_alias, s.image_id,
                  COALESCE(MAX(i.name), MAX(s.image_name)) AS image_name, COUNT(*) AS servers,
                  MIN(s.launched_at) AS first_launched,
                  IF(COUNT(*) = COUNT(s.terminated_at), MAX(s.terminated_at), NULL) AS last_terminated
                FROM servers s
                JOIN farm_roles fr ON fr.id = s.farm_role_id
                LEFT JOIN images i ON i.id = s.image_id
                WHERE s.farm_id = :farmId AND s.launched_at < :to AND (s.terminated_at IS NULL OR s.terminated_at >= :from)
                GROUP BY fr.id, fr.alias, s.image_id
                ORDER BY fr.alias, fr.id, first_launched""")
                .bind("farmId", farmId).bind("from", from).bind("to", to)
                .map(ConstructorMapper.of(ImageOnDay.class)).list());
        return new Day(date, images);
    }
}
