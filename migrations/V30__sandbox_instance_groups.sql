-- Sandbox instances belong to a scaling group (a farm role's launch configuration), so the sandbox answers
-- "which instances does this group run" the way a real cloud's group does.
ALTER TABLE sandbox_instances ADD COLUMN group_name VARCHAR(64) NULL AFTER cloud_location,
  ADD INDEX sandbox_instances_group_idx (group_name, state);
UPDATE sandbox_instances i JOIN servers s ON s.cloud_instance_id = i.instance_id AND s.platform = 'sandbox'
SET i.group_name = CONCAT('imagehub-farmrole-', s.farm_role_id);
