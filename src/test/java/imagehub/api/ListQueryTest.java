package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListQueryTest {
    private static final Set<String> FILTERS = Set.of("name", "cloudPlatform");
    private static final String PATH = "/api/v1beta0/user/1/images/";

    @Test
    void defaults_are_the_first_page_of_100() {
        ListQuery query = ListQuery.parse(null, FILTERS);
        assertEquals(new ListQuery(100, 1, Map.of()), query);
        assertEquals(0, query.offset());
    }

    @Test
    void page_size_number_and_filters_are_read_decoded() {
        ListQuery query = ListQuery.parse("name=foo+bar%2Fbaz&maxResults=5&pageNum=3", FILTERS);
        assertEquals(5, query.maxResults());
        assertEquals(3, query.pageNum());
        assertEquals(10, query.offset());
        assertEquals(Optional.of("foo bar/baz"), query.filter("name"));
        assertEquals(Optional.empty(), query.filter("cloudPlatform"));
    }

    @Test
    void an_unknown_parameter_is_invalid_structure_naming_it() {
        ApiException error = assertThrows(ApiException.class, () -> ListQuery.parse("name=a&colour=red", FILTERS));
        assertEquals(400, error.status());
        assertEquals("InvalidStructure", error.code());
        assertEquals("Unsupported filter: 'colour'", error.getMessage());
    }

    @Test
    void bad_page_values_are_refused() {
        assertCode("InvalidStructure", "maxResults=ten");
        assertCode("InvalidStructure", "pageNum=");
        assertCode("InvalidValue", "maxResults=0");
        assertCode("InvalidValue", "maxResults=101");
        assertCode("InvalidValue", "pageNum=0");
        assertCode("InvalidStructure", "name=a&name=b");
        assertCode("BadRequest", "name=%zz");
        assertEquals(100, ListQuery.parse("maxResults=100", FILTERS).maxResults());
    }

    @Test
    void pagination_links_keep_filters_and_page_size() {
        ListQuery query = ListQuery.parse("name=a+b&maxResults=2&pageNum=2", FILTERS);
        assertEquals(new Pagination(
                PATH + "?name=a%20b&maxResults=2&pageNum=1",
                PATH + "?name=a%20b&maxResults=2&pageNum=3",
                PATH + "?name=a%20b&maxResults=2&pageNum=3",
                PATH + "?name=a%20b&maxResults=2&pageNum=1"), query.pagination(PATH, 5));
    }

    @Test
    void a_single_page_has_no_next_or_prev() {
        assertEquals(new Pagination(PATH + "?maxResults=100&pageNum=1", PATH + "?maxResults=100&pageNum=1", null, null),
                ListQuery.parse("", FILTERS).pagination(PATH, 0));
    }

    @Test
    void a_page_past_the_end_points_back_to_the_last_page() {
        Pagination pagination = ListQuery.parse("maxResults=10&pageNum=9", FILTERS).pagination(PATH, 25);
        assertEquals(PATH + "?maxResults=10&pageNum=3", pagination.prev());
        assertEquals(null, pagination.next());
    }

    @Test
    void typed_filters_read_scalr_values_and_refuse_impossible_ones_naming_the_filter() {
        Set<String> names = Set.of("flag", "id", "image", "scope", "since", "label");
        ListQuery query = ListQuery.parse("flag=1&id=12&image=0B1C2D3E-0000-4000-8000-000000000001&scope=account"
                + "&since=2026-11-22T00:00:00Z&label=x", names);
        assertEquals(Optional.of(true), query.bool("flag"));
        assertEquals(Optional.of(12L), query.id("id"));
        assertEquals(Optional.of("0b1c2d3e-0000-4000-8000-000000000001"), query.uuid("image"));
        assertEquals(Optional.of(ScopeLevel.ACCOUNT), query.scope("scope", ScopeRef.environment(5)));
        assertEquals(Optional.of(Instant.parse("2026-11-22T00:00:00Z")), query.time("since"));
        assertEquals(Optional.of("x"), query.text("label"));
        assertEquals(Optional.empty(), ListQuery.parse("", names).bool("flag"));
        assertEquals(Optional.of(false), ListQuery.parse("flag=FALSE", names).bool("flag"));

        for (String bad : List.of("flag=yes", "id=0", "id=1.5", "image=abc", "scope=farm", "since=yesterday",
                "label=%20")) {
            ListQuery parsed = ListQuery.parse(bad, names);
            String name = bad.substring(0, bad.indexOf('='));
            ApiException error = assertThrows(ApiException.class, () -> {
                parsed.bool("flag");
                parsed.id("id");
                parsed.uuid("image");
                parsed.scope("scope", ScopeRef.environment(5));
                parsed.time("since");
                parsed.text("label");
            }, bad);
            assertEquals("InvalidValue", error.code(), bad);
            assertTrue(error.getMessage().startsWith("Filter '" + name + "' must be"), error.getMessage());
        }
        ApiException below = assertThrows(ApiException.class,
                () -> ListQuery.parse("scope=environment", names).scope("scope", ScopeRef.account(1)));
        assertEquals("Filter 'scope' must be one of [scalr, account], not 'environment'", below.getMessage());
    }

    private static void assertCode(String code, String rawQuery) {
        ApiException error = assertThrows(ApiException.class, () -> ListQuery.parse(rawQuery, FILTERS), rawQuery);
        assertEquals(code, error.code(), rawQuery);
        assertEquals(400, error.status(), rawQuery);
    }
}
