package imagehub.support;

import imagehub.AppContext;
import imagehub.access.Channel;
import imagehub.access.Viewer;
import imagehub.scope.Account;
import imagehub.core.ScopeRef;
import imagehub.user.User;
import imagehub.user.UserDao;

/** Viewers and scopes of the demo data, for tests that call services directly. */
public final class People {
    private final AppContext app;

    public People(AppContext app) {
        this.app = app;
    }

    /** The demo user as they are when signed in to the portal. */
    public Viewer viewer(String email) {
        User user = app.jdbi.withExtension(UserDao.class, dao -> dao.findByEmail(email)).orElseThrow();
        return new Viewer(user.id(), user.email(), app.jdbi.withExtension(UserDao.class, dao -> dao.grants(user.id())),
                Channel.UI);
    }

    public ScopeRef account(String name) {
        return app.scopes().findAccountByName(name).orElseThrow().scope();
    }

    public ScopeRef env(String accountName, String envName) {
        Account account = app.scopes().findAccountByName(accountName).orElseThrow();
        return app.scopes().findEnvironmentByName(account.id(), envName).orElseThrow().scope();
    }
}
