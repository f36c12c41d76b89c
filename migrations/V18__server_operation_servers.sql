-- The servers a server operation terminated, batch by batch: whose farm roles must be back at their
-- minimum before the next batch goes.
CREATE TABLE server_operation_servers (
  operation_id   BIGINT NOT NULL,
  server_id      BIGINT NOT NULL,
  farm_role_id   BIGINT NOT NULL,
  batch          INT NOT NULL,
  terminated_at  DATETIME(6) NOT NULL,
  PRIMARY KEY (operation_id, server_id),
  CONSTRAINT server_operation_servers_op_fk FOREIGN KEY (operation_id) REFERENCES server_operations (id),
  INDEX server_operation_servers_farm_role_idx (operation_id, farm_role_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
