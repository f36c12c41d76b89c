package imagehub.operation;

/** What a "replace servers" operation works on: a whole farm, one farm role, or the servers on one old image. */
public sealed interface ReplaceTarget {
    /** The API's name of the target kind: {@code farm}, {@code farmRole} or {@code image}. */
    String kind();

    String id();

    /** How pages name the kind: "farm", "farm role", "image". */
    String noun();

    record WholeFarm(long farmId) implements ReplaceTarget {
        public String kind() {
            return "farm";
        }

        public String noun() {
            return "farm";
        }

        public String id() {
            return String.valueOf(farmId);
        }
    }

    record OneFarmRole(long farmRoleId) implements ReplaceTarget {
        public String kind() {
            return "farmRole";
        }

        public String noun() {
            return "farm role";
        }

        public String id() {
            return String.valueOf(farmRoleId);
        }
    }

    record OldImage(String imageId) implements ReplaceTarget {
        public OldImage {
            if (imageId == null || imageId.isBlank()) {
                throw new IllegalArgumentException("an image id is required");
            }
        }

        public String kind() {
            return "image";
        }

        public String noun() {
            return "image";
        }

        public String id() {
            return imageId;
        }
    }
}
