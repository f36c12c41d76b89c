package imagehub.scope;

import imagehub.core.ScopeRef;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Account.class)
@RegisterConstructorMapper(Environment.class)
public interface ScopeDao extends SqlObject {

    @SqlQuery("SELECT id, name, created_at FROM accounts ORDER BY name")
    List<Account> listAccounts();

    @SqlQuery("SELECT id, name, created_at FROM accounts ORDER BY name LIMIT :limit OFFSET :offset")
    List<Account> pageAccounts(@Bind("offset") long offset, @Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(*) FROM accounts")
    long countAccounts();

    @SqlQuery("SELECT id, name, created_at FROM accounts WHERE id = :id")
    Optional<Account> findAccount(@Bind("id") long id);

    @SqlQuery("SELECT id, name, created_at FROM accounts WHERE name = :name")
    Optional<Account> findAccountByName(@Bind("name") String name);

    @SqlUpdate("INSERT INTO accounts (name, created_at) VALUES (:name, :now)")
    @GetGeneratedKeys("id")
    long insertAccount(@Bind("name") String name, @Bind("now") Instant now);

    @SqlUpdate("UPDATE accounts SET name = :name WHERE id = :id")
    int renameAccount(@Bind("id") long id, @Bind("name") String name);

    @SqlUpdate("DELETE FROM accounts WHERE id = :id")
    int deleteAccount(@Bind("id") long id);

    @SqlQuery("SELECT id, account_id, name, created_at FROM environments ORDER BY account_id, name")
    List<Environment> listEnvironments();

    @SqlQuery("SELECT id, account_id, name, created_at FROM environments WHERE account_id = :accountId ORDER BY name")
    List<Environment> listEnvironments(@Bind("accountId") long accountId);

    @SqlQuery("""
            SELECT id, account_id, name, created_at FROM environments WHERE account_id = :accountId
            ORDER BY name LIMIT :limit OFFSET :offset""")
    List<Environment> pageEnvironments(@Bind("accountId") long accountId, @Bind("offset") long offset,
            @Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(*) FROM environments WHERE account_id = :accountId")
    long countEnvironments(@Bind("accountId") long accountId);

    @SqlQuery("SELECT id, account_id, name, created_at FROM environments WHERE id = :id")
    Optional<Environment> findEnvironment(@Bind("id") long id);

    /** The account an account or environment scope belongs to; empty for Global or a missing environment. */
    default Optional<Long> accountOf(ScopeRef scope) {
        return switch (scope.level()) {
            case GLOBAL -> Optional.empty();
            case ACCOUNT -> Optional.of(scope.id());
            case ENVIRONMENT -> findEnvironment(scope.id()).map(Environment::accountId);
        };
    }

    @SqlQuery("SELECT id, account_id, name, created_at FROM environments WHERE account_id = :accountId AND name = :name")
    Optional<Environment> findEnvironmentByName(@Bind("accountId") long accountId, @Bind("name") String name);

    @SqlUpdate("INSERT INTO environments (account_id, name, created_at) VALUES (:accountId, :name, :now)")
    @GetGeneratedKeys("id")
    long insertEnvironment(@Bind("accountId") long accountId, @Bind("name") String name, @Bind("now") Instant now);

    @SqlUpdate("UPDATE environments SET name = :name WHERE id = :id")
    int renameEnvironment(@Bind("id") long id, @Bind("name") String name);

    @SqlUpdate("DELETE FROM environments WHERE id = :id")
    int deleteEnvironment(@Bind("id") long id);
}
