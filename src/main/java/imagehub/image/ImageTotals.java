package imagehub.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import imagehub.db.TableWrites;
import imagehub.scope.ScopeChain;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The image list's totals, counted once per search rather than once per page: a client walking a list's pages, or
 * asking the same page again, pays the count once. A total is kept until this node writes the images table (see
 * {@link TableWrites}) and for at most {@link #TTL}, which bounds how long another node's write goes unseen. The
 * total only sizes the list (its last page); the rows themselves are always read afresh.
 */
final class ImageTotals {
    static final Duration TTL = Duration.ofSeconds(5);

    private final TableWrites writes;
    private final Cache<Key, Total> totals = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).build();

    ImageTotals(TableWrites writes) {
        this.writes = writes;
    }

    /** A search, whatever its order. */
    private record Key(ScopeChain chain, ImageFilter filter) {
    }

    private record Total(long count, long version) {
    }

    /** The number of images {@code filter} matches from {@code chain}'s scope; {@code count} counts them when needed. */
    long of(ScopeChain chain, ImageFilter filter, LongSupplier count) {
        Key key = new Key(chain, new ImageFilter(filter.platform(), filter.location(), filter.osId(), filter.architecture(),
                filter.deprecated(), filter.text(), ImageSort.NAME, false, filter.exact()));
        long version = writes.version("images");
        Total kept = totals.getIfPresent(key);
        if (kept != null && kept.version() == version) {
            return kept.count();
        }
        long counted = count.getAsLong();
        totals.put(key, new Total(counted, version));
        return counted;
    }
}
