package imagehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    private static void assertCode(String code, String rawQuery) {
        ApiException error = assertThrows(ApiException.class, () -> ListQuery.parse(rawQuery, FILTERS), rawQuery);
        assertEquals(code, error.code(), rawQuery);
        assertEquals(400, error.status(), rawQuery);
    }
}
