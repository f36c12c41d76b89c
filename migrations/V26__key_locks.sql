-- One row per key that must be unique along a scope chain (a cloud image, a role name): a writer that checks such
-- a key and then inserts or moves a row takes this row's lock first (INSERT … ON DUPLICATE KEY UPDATE), so writers
-- of one key queue here, and the check itself needs no gap locks on the big tables, whose gap locks made
-- concurrent writers of different keys deadlock each other. The table's collation compares keys as the checked
-- columns do (role names case-insensitively).
CREATE TABLE key_locks (
  kind      VARCHAR(16) NOT NULL,
  lock_key  VARCHAR(200) NOT NULL,
  PRIMARY KEY (kind, lock_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
