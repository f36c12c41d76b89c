package imagehub.picker;

import imagehub.scope.ScopeChain;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.sqlobject.SqlObject;

/** Reads the objects of a {@link PickKind} in reach of a scope: searched by name, or one by its value. */
public interface PickerDao extends SqlObject {
    /** Up to {@code limit} objects whose name contains {@code query} (or whose value it is), by name. */
    default List<PickOption> search(PickKind kind, ScopeChain chain, String query, int limit) {
        return chain.bind(getHandle().createQuery(kind.select(chain) + " AND " + kind.matches()
                        + " ORDER BY " + kind.order() + " LIMIT :limit"))
                .bind("pattern", "%" + likeEscaped(query) + "%").bind("query", query).bind("limit", limit)
                .map(ConstructorMapper.of(PickOption.class)).list();
    }

    default Optional<PickOption> find(PickKind kind, ScopeChain chain, String value) {
        return chain.bind(getHandle().createQuery(kind.select(chain) + " AND " + kind.byValue()))
                .bind("value", value).map(ConstructorMapper.of(PickOption.class)).findOne();
    }

    /** {@code text} taken literally by LIKE … ESCAPE '!'. */
    static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
