package imagehub.user;

import imagehub.access.Grant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(User.class)
@RegisterConstructorMapper(Grant.class)
public interface UserDao extends SqlObject {
    String USER_COLUMNS = "id, email, name, kind, disabled, created_at";

    @SqlQuery("SELECT " + USER_COLUMNS + " FROM users ORDER BY kind, email")
    List<User> list();

    String GRANT_COLUMNS = "g.id, g.user_id, g.scope_level, g.scope_id, g.role";

    @SqlQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = :id")
    Optional<User> find(@Bind("id") long id);

    @SqlQuery("SELECT " + USER_COLUMNS + " FROM users WHERE email = :email")
    Optional<User> findByEmail(@Bind("email") String email);

    @SqlQuery("SELECT password_hash FROM users WHERE id = :id")
    Optional<String> passwordHash(@Bind("id") long id);

    @SqlQuery("SELECT COUNT(*) FROM users")
    long count();

    @SqlUpdate("""
            INSERT INTO users (email, name, kind, password_hash, disabled, created_at)
            VALUES (:email, :name, :kind, :passwordHash, FALSE, :now)""")
    @GetGeneratedKeys("id")
    long insert(@Bind("email") String email, @Bind("name") String name, @Bind("kind") UserKind kind,
            @Bind("passwordHash") String passwordHash, @Bind("now") Instant now);

    @SqlUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
    int setPasswordHash(@Bind("id") long id, @Bind("hash") String hash);

    @SqlUpdate("UPDATE users SET disabled = :disabled WHERE id = :id")
    int setDisabled(@Bind("id") long id, @Bind("disabled") boolean disabled);

    @SqlUpdate("DELETE FROM users WHERE id = :id")
    int delete(@Bind("id") long id);

    @SqlQuery("SELECT id, user_id, scope_level, scope_id, role FROM grants WHERE user_id = :userId ORDER BY scope_level, scope_id")
    List<Grant> grants(@Bind("userId") long userId);

    @SqlQuery("SELECT id, user_id, scope_level, scope_id, role FROM grants ORDER BY user_id, scope_level, scope_id")
    List<Grant> allGrants();

    @SqlQuery("SELECT id, user_id, scope_level, scope_id, role FROM grants WHERE id = :id")
    Optional<Grant> findGrant(@Bind("id") long id);

    @SqlQuery("""
            SELECT id, user_id, scope_level, scope_id, role FROM grants
            WHERE user_id = :userId AND scope_level = :level AND scope_id = :scopeId""")
    Optional<Grant> findGrant(@Bind("userId") long userId, @Bind("level") String level, @Bind("scopeId") long scopeId);

    @SqlUpdate("""
            INSERT INTO grants (user_id, scope_level, scope_id, role) VALUES (:userId, :level, :scopeId, :role)
            ON DUPLICATE KEY UPDATE role = VALUES(role)""")
    int upsertGrant(@Bind("userId") long userId, @Bind("level") String level, @Bind("scopeId") long scopeId,
            @Bind("role") String role);

    @SqlUpdate("DELETE FROM grants WHERE id = :id")
    int deleteGrant(@Bind("id") long id);
}
