-- One counter of password checks per email and per client address (keys are SHA-256 of "email:…" /
-- "client:…"), reserved atomically before each check; a window starts with its first check.
CREATE TABLE login_throttle (
  subject       CHAR(64) PRIMARY KEY,
  window_start  DATETIME(6) NOT NULL,
  checks        INT NOT NULL,
  INDEX login_throttle_window_idx (window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
