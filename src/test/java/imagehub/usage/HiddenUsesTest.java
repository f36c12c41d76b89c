package imagehub.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.role.RoleUsage;
import imagehub.core.ScopeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Splitting uses into named and counted ones, and the words a report or a refusal uses for them. */
class HiddenUsesTest {
    private static final ScopeRef SEEN = ScopeRef.environment(1);
    private static final ScopeRef UNSEEN = ScopeRef.environment(2);

    private static RoleUsage.Use use(String kind, String id, ScopeRef scope, String detail) {
        return new RoleUsage.Use(kind, id, kind + "-" + id, scope, detail);
    }

    @Test
    void a_hidden_farm_running_the_role_twice_counts_once_and_the_viewer_is_asked_once_per_scope() {
        List<ScopeRef> asked = new ArrayList<>();
        HiddenUses.Split<RoleUsage.Use> split = HiddenUses.split(List.of(
                use("farm", "7", UNSEEN, "web: 2 active servers"), use("farm", "7", UNSEEN, "api: 1 active servers"),
                use("farm", "8", SEEN, "web: 0 active servers"), use("role", "3", UNSEEN, "as its replacement"),
                use("farm", "9", UNSEEN, "db: 1 active servers")), scope -> asked.add(scope) && scope.equals(SEEN));
        assertEquals(List.of("farm-8"), split.shown().stream().map(RoleUsage.Use::name).toList());
        assertEquals(Map.of("farm", 2, "role", 1), split.hidden().byKind());
        assertEquals(3, split.hidden().total());
        assertEquals(List.of(UNSEEN, SEEN), asked);
        assertEquals("farm farm-8 (web: 0 active servers), and 2 farms and 1 role in scopes you cannot see",
                split.describe());
    }

    @Test
    void refusals_name_what_is_seen_and_count_the_rest_in_plain_words() {
        assertEquals("1 farm in scopes you cannot see",
                HiddenUses.split(List.of(use("farm", "1", UNSEEN, "")), scope -> false).describe());
        assertEquals("1 farm, 1 image and 2 roles in scopes you cannot see",
                new HiddenUses(Map.of("role", 2, "image", 1, "farm", 1)).describe());
        HiddenUses.Split<RoleUsage.Use> seen = HiddenUses.split(List.of(use("role", "4", SEEN, "")), scope -> true);
        assertEquals("role role-4", seen.describe());
        assertTrue(seen.hidden().isEmpty());
        assertEquals("", seen.hidden().describe());
        assertTrue(seen.inUse());
        assertFalse(HiddenUses.split(List.<RoleUsage.Use>of(), scope -> true).inUse());
        assertTrue(HiddenUses.split(List.of(use("role", "4", UNSEEN, "")), scope -> false).inUse(),
                "hidden uses alone keep it in use");
    }
}
