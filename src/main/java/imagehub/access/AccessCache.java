package imagehub.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What nearly every request asks before its own work, kept for a few seconds: an API key's secret and owner, a
 * user's grants, the account an environment belongs to. They change rarely and are read on every request.
 *
 * <p>Whatever writes keys, users, grants or scopes calls {@link #changed} once its transaction has committed; this
 * node then reads everything afresh. An answer that was being read while the change committed is not kept: every
 * entry carries the generation it was read in, and a newer generation ignores it. Other nodes of a cluster see a
 * change when their entries expire, within {@link #TTL}.
 */
public final class AccessCache {
    /** How long another node may act on what it read before a change: a revoked key or grant, a deleted scope. */
    public static final Duration TTL = Duration.ofSeconds(5);

    private final AtomicLong generation = new AtomicLong();
    private final List<Memo<?, ?>> memos = new ArrayList<>();

    /** A cached function: {@code loader}'s answers for up to {@link #TTL}, forgotten on {@link #changed}. */
    public synchronized <K, V> Memo<K, V> memo(Function<K, V> loader) {
        Memo<K, V> memo = new Memo<>(loader);
        memos.add(memo);
        return memo;
    }

    /** Forgets everything: called after a change to keys, users, grants or scopes has committed. */
    public void changed() {
        generation.incrementAndGet();
        memos.forEach(memo -> memo.entries.invalidateAll());
    }

    private record Entry<V>(V value, long generation) {
    }

    /** One cached lookup; values must not be null (use {@code Optional}). */
    public final class Memo<K, V> {
        private final Function<K, V> loader;
        private final Cache<K, Entry<V>> entries = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).build();

        private Memo(Function<K, V> loader) {
            this.loader = loader;
        }

        public V get(K key) {
            long current = generation.get();
            Entry<V> entry = entries.getIfPresent(key);
            if (entry != null && entry.generation() == current) {
                return entry.value();
            }
            V value = loader.apply(key);
            entries.put(key, new Entry<>(value, current));
            return value;
        }
    }
}
