-- Scalr's x-filterable fields answer from an index at 100k images (issue #13). Each visible scope is walked on its
-- own (ImageDao.search), so every filter column follows (scope_level, scope_id) and precedes the name the pages sort by.
-- cloud_init_installed: Scalr's Image field, now kept instead of ignored, so it can be shown and filtered on.
ALTER TABLE images
  ADD COLUMN cloud_init_installed BOOLEAN NOT NULL DEFAULT FALSE,
  ADD INDEX images_scope_os_name_idx (scope_level, scope_id, os_id, name),
  ADD INDEX images_scope_location_name_idx (scope_level, scope_id, cloud_location, name),
  ADD INDEX images_scope_architecture_name_idx (scope_level, scope_id, architecture, name),
  ADD INDEX images_scope_source_name_idx (scope_level, scope_id, source, name),
  ADD INDEX images_scope_state_name_idx (scope_level, scope_id, cloud_state, name),
  ADD INDEX images_scope_agent_name_idx (scope_level, scope_id, agent_installed, name),
  ADD INDEX images_scope_cloud_init_name_idx (scope_level, scope_id, cloud_init_installed, name);

-- A role list filtered by OS walks the scope's roles of that OS in name order.
ALTER TABLE roles
  ADD INDEX roles_scope_os_name_idx (scope_level, scope_id, os_family, name);

-- A script looks a server up by its cloud id within an environment.
ALTER TABLE servers
  ADD INDEX servers_env_cloud_id_idx (env_id, cloud_instance_id);
