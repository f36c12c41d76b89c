CREATE TABLE api_keys (
  key_id        VARCHAR(32) PRIMARY KEY,
  user_id       BIGINT NOT NULL,
  name          VARCHAR(100) NOT NULL,
  secret_sealed VARCHAR(255) NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  last_used_at  DATETIME(6) NULL,
  revoked_at    DATETIME(6) NULL,
  CONSTRAINT api_keys_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  INDEX api_keys_user_idx (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
