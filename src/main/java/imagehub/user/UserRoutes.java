package imagehub.user;

import imagehub.access.Viewer;
import imagehub.core.ScopeLevel;
import imagehub.core.ScopeRef;
import imagehub.web.Auth;
import imagehub.web.Flash;
import imagehub.web.Form;
import imagehub.web.Layout;
import imagehub.web.ScopedRoutes;
import imagehub.web.Shell;
import imagehub.web.Templates;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;

/** Members and grants of a scope, service accounts, API keys, and the viewer's own profile. */
public final class UserRoutes {
    public static final String MEMBERS = "/settings/users";
    public static final String PROFILE = "/profile";
    public static final String PROFILE_KEYS = "/profile/api-keys";
    static final String MEMBERS_TEMPLATE = "user/members.jte";
    static final String KEYS_TEMPLATE = "user/keys.jte";
    static final String PROFILE_TEMPLATE = "user/profile.jte";

    private final UserService users;
    private final ApiKeyService apiKeys;
    private final Templates templates;
    private final Shell shell;

    public UserRoutes(UserService users, ApiKeyService apiKeys, Templates templates, Shell shell) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.templates = templates;
        this.shell = shell;
    }

    public record MembersPage(Layout layout, ScopeRef scope, String scopeLabel, List<UserService.Member> members,
            Form memberForm, Form serviceForm, long viewerId) {
        public boolean environment() {
            return scope.level() == ScopeLevel.ENVIRONMENT;
        }

        /** Whether the viewer may disable or delete this member (never themselves). */
        public boolean canRemove(UserService.Member member) {
            return member.manageable() && member.user().id() != viewerId;
        }
    }

    public record KeysPage(Layout layout, User owner, List<ApiKey> keys, Form form, ApiKeyService.CreatedKey created,
            String basePath) {
    }

    public record ProfilePage(Layout layout, User user, List<imagehub.access.Grant> grants, Form form) {
    }

    public void register(JavalinDefaultRoutingApi router) {
        ScopedRoutes scoped = new ScopedRoutes(router);
        scoped.get(MEMBERS, (ctx, scope) -> members(ctx, scope, Form.EMPTY, Form.EMPTY, 200));
        scoped.post(MEMBERS, (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("email", "name", "role"));
            try {
                User user = users.addMember(Auth.viewer(ctx), scope, new UserService.NewMember(
                        form.value("email"), form.value("name"), ctx.formParam("password"), form.value("role")));
                Flash.set(ctx, user.email() + " now has access");
                ctx.redirect(scope.path() + MEMBERS, HttpStatus.SEE_OTHER);
            } catch (RuntimeException refused) {
                members(ctx, scope, form.withError(refused), Form.EMPTY, 422);
            }
        });
        scoped.post("/settings/service-accounts", (ctx, scope) -> {
            Form form = Form.of(ctx, List.of("name", "role"));
            try {
                User account = users.createServiceAccount(Auth.viewer(ctx), scope, form.value("name"), form.value("role"));
                Flash.set(ctx, "Service account " + account.name() + " created; give it an API key below");
                ctx.redirect("/users/" + account.id() + "/api-keys", HttpStatus.SEE_OTHER);
            } catch (RuntimeException refused) {
                members(ctx, scope, Form.EMPTY, form.withError(refused), 422);
            }
        });
        router.post("/grants/{grantId}/delete", ctx -> {
            users.removeGrant(Auth.viewer(ctx), ScopedRoutes.id(ctx, "grantId"));
            Flash.set(ctx, "Grant removed");
            ctx.redirect(back(ctx), HttpStatus.SEE_OTHER);
        });
        router.post("/users/{userId}/disable", ctx -> setDisabled(ctx, true));
        router.post("/users/{userId}/enable", ctx -> setDisabled(ctx, false));
        router.post("/users/{userId}/delete", ctx -> {
            users.delete(Auth.viewer(ctx), ScopedRoutes.id(ctx, "userId"));
            Flash.set(ctx, "User deleted");
            ctx.redirect(back(ctx), HttpStatus.SEE_OTHER);
        });

        router.get("/users/{userId}/api-keys", ctx -> keys(ctx, ScopedRoutes.id(ctx, "userId"), Form.EMPTY, null, 200));
        router.post("/users/{userId}/api-keys", ctx -> createKey(ctx, ScopedRoutes.id(ctx, "userId")));
        router.post("/api-keys/{keyId}/revoke", ctx -> {
            apiKeys.revoke(Auth.viewer(ctx), ctx.pathParam("keyId"));
            Flash.set(ctx, "Key " + ctx.pathParam("keyId") + " revoked");
            ctx.redirect(back(ctx), HttpStatus.SEE_OTHER);
        });

        router.get(PROFILE, ctx -> profile(ctx, Form.EMPTY, 200));
        router.post(PROFILE + "/password", ctx -> {
            try {
                users.changePassword(Auth.viewer(ctx), ctx.formParam("current"), ctx.formParam("password"),
                        ctx.cookie(Auth.SESSION_COOKIE));
                Flash.set(ctx, "Password changed");
                ctx.redirect(PROFILE, HttpStatus.SEE_OTHER);
            } catch (RuntimeException refused) {
                profile(ctx, Form.EMPTY.withError(refused), 422);
            }
        });
        router.get(PROFILE_KEYS, ctx -> keys(ctx, Auth.viewer(ctx).userId(), Form.EMPTY, null, 200));
    }

    private void members(Context ctx, ScopeRef scope, Form memberForm, Form serviceForm, int status) {
        Viewer viewer = Auth.viewer(ctx);
        List<UserService.Member> list = users.members(viewer, scope);
        String label = shell.label(scope);
        ctx.status(status).html(templates.render(MEMBERS_TEMPLATE, new MembersPage(
                shell.layout(ctx, "Users · " + label, scope), scope, label, list, memberForm, serviceForm,
                viewer.userId())));
    }

    private void setDisabled(Context ctx, boolean disabled) {
        users.setDisabled(Auth.viewer(ctx), ScopedRoutes.id(ctx, "userId"), disabled);
        Flash.set(ctx, disabled ? "User disabled" : "User enabled");
        ctx.redirect(back(ctx), HttpStatus.SEE_OTHER);
    }

    private void keys(Context ctx, long userId, Form form, ApiKeyService.CreatedKey created, int status) {
        Viewer viewer = Auth.viewer(ctx);
        List<ApiKey> list = apiKeys.list(viewer, userId);
        User owner = users.find(viewer, userId);
        ctx.status(status).html(templates.render(KEYS_TEMPLATE, new KeysPage(
                shell.layout(ctx, "API keys · " + owner.email()), owner, list, form, created,
                "/users/" + userId + "/api-keys")));
    }

    private void createKey(Context ctx, long userId) {
        Form form = Form.of(ctx, List.of("name"));
        try {
            ApiKeyService.CreatedKey created = apiKeys.create(Auth.viewer(ctx), userId, form.value("name"));
            keys(ctx, userId, Form.EMPTY, created, 201);
        } catch (RuntimeException refused) {
            keys(ctx, userId, form.withError(refused), null, 422);
        }
    }

    private void profile(Context ctx, Form form, int status) {
        Viewer viewer = Auth.viewer(ctx);
        ctx.status(status).html(templates.render(PROFILE_TEMPLATE, new ProfilePage(
                shell.layout(ctx, "Profile"), users.find(viewer, viewer.userId()), viewer.grants(), form)));
    }

    /** Where a small action came from, if that is a page of this site. */
    private static String back(Context ctx) {
        return LoginRoutes.safeNext(ctx.formParam("back"));
    }
}
