package imagehub.db;

import org.jdbi.v3.core.Handle;

/**
 * A lock on one chain-unique key (a cloud image, a role name) until the end of the caller's transaction, taken
 * before checking the key and writing it. Writers of one key queue on it; writers of different keys never wait
 * for each other. Run the check and the write in a READ COMMITTED transaction, so the check reads what the
 * previous holder committed without gap locks.
 */
public final class KeyLock {
    private KeyLock() {
    }

    public static void acquire(Handle handle, String kind, String key) {
        handle.createUpdate("INSERT INTO key_locks (kind, lock_key) VALUES (:kind, :key)"
                        + " ON DUPLICATE KEY UPDATE lock_key = VALUES(lock_key)")
                .bind("kind", kind).bind("key", key).execute();
    }
}
