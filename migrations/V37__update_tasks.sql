-- Image update tasks (#12). A task's timing is kept as the user gave it (wall-clock times in its zone);
-- next_run_at is the next slot as an instant (UTC), advanced by the poller with a conditional UPDATE.
-- A deleted task is only marked: its executions stay in the history.
CREATE TABLE update_tasks (
  id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
  env_id              BIGINT NOT NULL,
  account_id          BIGINT NOT NULL,
  name                VARCHAR(100) NOT NULL,
  source_server_id    BIGINT NOT NULL,
  image_name          VARCHAR(100) NOT NULL,
  register_at         VARCHAR(16) NOT NULL,
  deprecate_replaced  BOOLEAN NOT NULL,
  timing_type         VARCHAR(16) NOT NULL,
  time_zone           VARCHAR(64) NOT NULL,
  at_local            DATETIME NULL,
  frequency           VARCHAR(16) NULL,
  days_of_week        VARCHAR(64) NULL,
  from_day            INT NULL,
  to_day              INT NULL,
  time_of_day         TIME NULL,
  starts_at_local     DATETIME NULL,
  expires_at_local    DATETIME NULL,
  run_as_user_id      BIGINT NULL,
  status              VARCHAR(16) NOT NULL,
  next_run_at         DATETIME(6) NULL,
  deleted             BOOLEAN NOT NULL DEFAULT FALSE,
  created_by          VARCHAR(254) NOT NULL,
  created_at          DATETIME(6) NOT NULL,
  CONSTRAINT update_tasks_env_fk FOREIGN KEY (env_id) REFERENCES environments (id),
  CONSTRAINT update_tasks_run_as_fk FOREIGN KEY (run_as_user_id) REFERENCES users (id),
  INDEX update_tasks_env_idx (env_id, deleted, id),
  INDEX update_tasks_due_idx (status, next_run_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A target: a role's image in one location, or a farm role (its role in the farm role's location).
CREATE TABLE update_task_targets (
  task_id         BIGINT NOT NULL,
  position        INT NOT NULL,
  role_id         BIGINT NULL,
  cloud_location  VARCHAR(32) NULL,
  farm_role_id    BIGINT NULL,
  PRIMARY KEY (task_id, position),
  CONSTRAINT update_task_targets_task_fk FOREIGN KEY (task_id) REFERENCES update_tasks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One run. A publish call runs without a task (task_id NULL). (task_id, slot) is unique so two nodes never run a
-- slot twice. What the run does is copied from the task when it is created, so an edit never changes a run midway.
-- heartbeat_at is refreshed while a node works on it; an execution left running with an old heartbeat was
-- interrupted by a crash and is resumed (before the replace step) or reverted (from it on) at start.
CREATE TABLE update_task_executions (
  id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
  task_id             BIGINT NULL,
  env_id              BIGINT NOT NULL,
  account_id          BIGINT NOT NULL,
  slot                DATETIME(6) NULL,
  status              VARCHAR(16) NOT NULL,
  run_as_user_id      BIGINT NOT NULL,
  source_server_id    BIGINT NOT NULL,
  image_name          VARCHAR(100) NULL,
  register_at         VARCHAR(16) NOT NULL,
  deprecate_replaced  BOOLEAN NOT NULL,
  platform            VARCHAR(16) NULL,
  cloud_location      VARCHAR(32) NULL,
  cloud_image_id      VARCHAR(64) NULL,
  image_id            CHAR(36) NULL,
  phase               VARCHAR(16) NOT NULL,
  cancel_requested    BOOLEAN NOT NULL DEFAULT FALSE,
  heartbeat_at        DATETIME(6) NULL,
  cause               VARCHAR(1000) NULL,
  created_at          DATETIME(6) NOT NULL,
  started_at          DATETIME(6) NULL,
  finished_at         DATETIME(6) NULL,
  CONSTRAINT update_task_executions_slot_uq UNIQUE (task_id, slot),
  CONSTRAINT update_task_executions_task_fk FOREIGN KEY (task_id) REFERENCES update_tasks (id),
  INDEX update_task_executions_status_idx (status, heartbeat_at),
  INDEX update_task_executions_env_idx (env_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The role images a run targets, what each held before the run changed it and whether the run deprecated that
-- image (both undone on failure).
CREATE TABLE update_task_execution_targets (
  execution_id    BIGINT NOT NULL,
  role_id         BIGINT NOT NULL,
  platform        VARCHAR(16) NOT NULL,
  cloud_location  VARCHAR(32) NOT NULL,
  previous_image_id CHAR(36) NULL,
  changed         BOOLEAN NOT NULL DEFAULT FALSE,
  deprecated_previous BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (execution_id, role_id, platform, cloud_location),
  CONSTRAINT update_task_execution_targets_fk FOREIGN KEY (execution_id) REFERENCES update_task_executions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE update_task_steps (
  execution_id  BIGINT NOT NULL,
  position      INT NOT NULL,
  name          VARCHAR(64) NOT NULL,
  status        VARCHAR(16) NOT NULL,
  started_at    DATETIME(6) NULL,
  finished_at   DATETIME(6) NULL,
  message       VARCHAR(1000) NULL,
  PRIMARY KEY (execution_id, position),
  CONSTRAINT update_task_steps_fk FOREIGN KEY (execution_id) REFERENCES update_task_executions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Lineage, written by update task runs and read by the image page: the server snapshotted, the image that server
-- ran, the task and run that built it, and whether that run failed (the image is kept, marked).
ALTER TABLE images
  ADD COLUMN source_server_id     BIGINT NULL,
  ADD COLUMN parent_image_id      CHAR(36) NULL,
  ADD COLUMN update_task_id       BIGINT NULL,
  ADD COLUMN update_execution_id  BIGINT NULL,
  ADD COLUMN from_failed_run      BOOLEAN NOT NULL DEFAULT FALSE,
  ADD INDEX images_parent_idx (parent_image_id),
  ADD INDEX images_update_execution_idx (update_execution_id);
