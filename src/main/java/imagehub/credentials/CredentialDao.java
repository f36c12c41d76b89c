package imagehub.credentials;

import imagehub.core.Page;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.scope.ScopeChain;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code cloud_credentials} table. */
@RegisterConstructorMapper(CredentialRow.class)
public interface CredentialDao extends SqlObject {

    @SqlUpdate("""
            INSERT INTO cloud_credentials (scope_level, scope_id, account_id, name, platform, access_key_id, secret_sealed,
              secret_last4, role_arn, endpoint, default_regions, created_by, created_at, updated_at)
            VALUES (:scopeLevel, :scopeId, :accountId, :name, :platform, :accessKeyId, :secretSealed, :secretLast4,
              :roleArn, :endpoint, :defaultRegions, :createdBy, :now, :now)""")
    @GetGeneratedKeys("id")
    long insert(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId, @Bind("accountId") long accountId,
            @Bind("name") String name, @Bind("platform") String platform, @Bind("accessKeyId") String accessKeyId,
            @Bind("secretSealed") String secretSealed, @Bind("secretLast4") String secretLast4,
            @Bind("roleArn") String roleArn, @Bind("endpoint") String endpoint,
            @Bind("defaultRegions") String defaultRegions, @Bind("createdBy") String createdBy,
            @Bind("now") Instant now);

    @SqlQuery("SELECT " + CredentialRow.COLUMNS + " FROM cloud_credentials WHERE id = :id")
    Optional<CredentialRow> find(@Bind("id") long id);

    @SqlQuery("SELECT " + CredentialRow.COLUMNS + " FROM cloud_credentials WHERE id = :id FOR UPDATE")
    Optional<CredentialRow> lock(@Bind("id") long id);

    /** The credentials defined at one scope, by name. */
    @SqlQuery("SELECT " + CredentialRow.COLUMNS
            + " FROM cloud_credentials WHERE scope_level = :scopeLevel AND scope_id = :scopeId ORDER BY name, id")
    List<CredentialRow> definedAt(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId);

    /**
     * One page of the credentials usable at {@code chain}'s scope (its own first, then for an environment its
     * account's, each by name) that match {@code filter}, and how many match in all.
     */
    default Page<CredentialRow> page(ScopeChain chain, CredentialService.CredentialFilter filter, long offset, int limit) {
        ScopeRef own = chain.scope();
        StringBuilder where = new StringBuilder(" FROM cloud_credentials WHERE ((scope_level = :ownLevel AND scope_id = :ownId)");
        if (own.level() == ScopeLevel.ENVIRONMENT) {
            where.append(" OR (scope_level = 'ACCOUNT' AND scope_id = :accountId)");
        }
        where.append(')');
        Map<String, Object> values = new LinkedHashMap<>(Map.of("ownLevel", own.level().name(), "ownId", own.id()));
        if (chain.accountId() != null) {
            values.put("accountId", chain.accountId());
        }
        match(where, values, "id", filter.id());
        match(where, values, "name", filter.name());
        match(where, values, "platform", filter.platform() == null ? null : filter.platform().id());
        match(where, values, "scope_level", filter.scope() == null ? null : filter.scope().name());
        Query count = getHandle().createQuery("SELECT COUNT(*)" + where);
        Query rows = getHandle().createQuery("SELECT " + CredentialRow.COLUMNS + where
                + " ORDER BY scope_level = :ownLevel DESC, name, id LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset);
        values.forEach((name, value) -> {
            count.bind(name, value);
            rows.bind(name, value);
        });
        return new Page<>(rows.map(ConstructorMapper.of(CredentialRow.class)).list(), count.mapTo(Long.class).one());
    }

    /** {@code AND column = :column}, left out when the value is null. */
    private static void match(StringBuilder where, Map<String, Object> values, String column, Object value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = :").append(column);
            values.put(column, value);
        }
    }

    @SqlQuery("SELECT COUNT(*) FROM cloud_credentials WHERE scope_level = :scopeLevel AND scope_id = :scopeId")
    long countAt(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId);

    @SqlQuery("""
            SELECT COUNT(*) FROM cloud_credentials
            WHERE scope_level = :scopeLevel AND scope_id = :scopeId AND name = :name AND id <> :exceptId""")
    long countNamed(@Bind("scopeLevel") String scopeLevel, @Bind("scopeId") long scopeId, @Bind("name") String name,
            @Bind("exceptId") long exceptId);

    /** Updates every field but the secret; {@code secretSealed} null keeps the stored one. */
    @SqlUpdate("""
            UPDATE cloud_credentials SET name = :name, access_key_id = :accessKeyId,
              secret_sealed = COALESCE(:secretSealed, secret_sealed), secret_last4 = COALESCE(:secretLast4, secret_last4),
              role_arn = :roleArn, endpoint = :endpoint, default_regions = :defaultRegions, updated_at = :now
            WHERE id = :id""")
    void update(@Bind("id") long id, @Bind("name") String name, @Bind("accessKeyId") String accessKeyId,
            @Bind("secretSealed") String secretSealed, @Bind("secretLast4") String secretLast4,
            @Bind("roleArn") String roleArn, @Bind("endpoint") String endpoint,
            @Bind("defaultRegions") String defaultRegions, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM cloud_credentials WHERE id = :id")
    void delete(@Bind("id") long id);
}
