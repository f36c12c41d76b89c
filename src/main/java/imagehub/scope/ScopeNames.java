package imagehub.scope;

import imagehub.core.ScopeRef;

import imagehub.web.ScopeLabels;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** The names pages show for scopes, read from the accounts and environments tables. */
public final class ScopeNames implements ScopeLabels {
    private final Jdbi jdbi;

    public ScopeNames(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public String label(ScopeRef scope) {
        return jdbi.withExtension(ScopeDao.class, dao -> switch (scope.level()) {
            case GLOBAL -> "Global";
            case ACCOUNT -> dao.findAccount(scope.id()).map(Account::name).orElse("Account " + scope.id());
            case ENVIRONMENT -> dao.findEnvironment(scope.id())
                    .map(e -> dao.findAccount(e.accountId()).map(Account::name).orElse("?") + " / " + e.name())
                    .orElse("Environment " + scope.id());
        });
    }

    @Override
    public Map<ScopeRef, String> labels() {
        return jdbi.withExtension(ScopeDao.class, dao -> {
            Map<Long, Account> accounts = dao.listAccounts().stream()
                    .collect(Collectors.toMap(Account::id, Function.identity()));
            Map<ScopeRef, String> labels = new HashMap<>();
            labels.put(ScopeRef.GLOBAL, "Global");
            accounts.values().forEach(a -> labels.put(a.scope(), a.name()));
            for (Environment env : dao.listEnvironments()) {
                labels.put(env.scope(), accounts.get(env.accountId()).name() + " / " + env.name());
            }
            return labels;
        });
    }
}
