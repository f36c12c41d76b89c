package imagehub.scope;

import imagehub.core.ScopeRef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.AppContext;
import imagehub.access.ForbiddenException;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditRecord;
import imagehub.audit.AuditReader;
import imagehub.core.ConflictException;
import imagehub.core.ValidationException;
import imagehub.support.TestApp;
import imagehub.user.ApiKeyService;
import imagehub.user.UserDao;
import imagehub.user.UserService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts, environments, members and keys: rules and exactly one audit entry per change. */
class ScopeServiceTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    private AppContext ctx() {
        return app.context();
    }

    private Viewer viewer(String email) {
        return ctx().jdbi.withExtension(UserDao.class, dao -> {
            var user = dao.findByEmail(email).orElseThrow();
            return new Viewer(user.id(), email, dao.grants(user.id()), imagehub.access.Channel.UI);
        });
    }

    private long lastAuditId() {
        return ctx().jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM audit_log").mapTo(Long.class).one());
    }

    private List<AuditRecord> auditSince(long id) {
        return ctx().jdbi.withHandle(h -> h.createQuery("""
                SELECT id, at, actor_id, actor_email, channel, action, object_type, object_id, object_name,
                  scope_level, scope_id, before_json, after_json FROM audit_log WHERE id > :id ORDER BY id""")
                .bind("id", id).mapTo(AuditRecord.class).list());
    }

    @Test
    void every_account_change_writes_exactly_one_audit_entry_with_before_and_after() {
        Viewer admin = viewer(TestApp.ADMIN);
        long mark = lastAuditId();
        Account created = ctx().scopeService.createAccount(admin, "initech");
        List<AuditRecord> entries = auditSince(mark);
        assertEquals(1, entries.size());
        assertEquals("account.create", entries.get(0).action());
        assertNull(entries.get(0).beforeJson());
        assertTrue(entries.get(0).afterJson().contains("\"name\":\"initech\""));
        assertEquals("ui", entries.get(0).channel());

        mark = lastAuditId();
        ctx().scopeService.renameAccount(admin, created.id(), "initech-corp");
        entries = auditSince(mark);
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).beforeJson().contains("\"initech\""));
        assertTrue(entries.get(0).afterJson().contains("\"initech-corp\""));

        mark = lastAuditId();
        ctx().scopeService.deleteAccount(admin, created.id());
        entries = auditSince(mark);
        assertEquals(1, entries.size());
        assertEquals("account.delete", entries.get(0).action());
        assertNotNull(entries.get(0).beforeJson());
    }

    @Test
    void only_global_admins_manage_accounts() {
        Viewer alice = viewer("alice@example.com");
        long acme = ctx().scopes().findAccountByName("acme").orElseThrow().id();
        long globex = ctx().scopes().findAccountByName("globex").orElseThrow().id();
        assertThrows(NotFoundException.class, () -> ctx().scopeService.createAccount(alice, "mine"));
        assertThrows(ForbiddenException.class, () -> ctx().scopeService.renameAccount(alice, acme, "acme2"));
        assertThrows(NotFoundException.class, () -> ctx().scopeService.deleteAccount(alice, globex));
    }

    @Test
    void account_admins_manage_environments_of_their_account_only() {
        Viewer alice = viewer("alice@example.com");
        Viewer bob = viewer("bob@example.com");
        long acme = ctx().scopes().findAccountByName("acme").orElseThrow().id();
        long globex = ctx().scopes().findAccountByName("globex").orElseThrow().id();
        Environment qa = ctx().scopeService.createEnvironment(alice, acme, "acme-qa");
        assertThrows(NotFoundException.class, () -> ctx().scopeService.createEnvironment(alice, globex, "globex-qa"));
        assertThrows(NotFoundException.class, () -> ctx().scopeService.createEnvironment(bob, acme, "acme-bob"));
        assertThrows(ConflictException.class, () -> ctx().scopeService.createEnvironment(alice, acme, "acme-qa"));
        assertThrows(ValidationException.class, () -> ctx().scopeService.renameEnvironment(alice, qa.id(), "QA env"));
        ctx().scopeService.deleteEnvironment(alice, qa.id());
        assertTrue(ctx().scopes().findEnvironment(qa.id()).isEmpty());
    }

    @Test
    void a_scope_that_holds_objects_is_not_deleted_and_the_refusal_says_what_it_holds() {
        Viewer admin = viewer(TestApp.ADMIN);
        long globex = ctx().scopes().findAccountByName("globex").orElseThrow().id();
        ConflictException refused = assertThrows(ConflictException.class,
                () -> ctx().scopeService.deleteAccount(admin, globex));
        assertEquals("ObjectInUse", refused.code());
        assertTrue(refused.getMessage().contains("2 environments"), refused.getMessage());

        Environment temp = ctx().scopeService.createEnvironment(admin, globex, "globex-temp");
        ctx().scopeService.registerContents((h, scope) -> scope.equals(temp.scope()) ? List.of("3 images") : List.of());
        long mark = lastAuditId();
        ConflictException held = assertThrows(ConflictException.class,
                () -> ctx().scopeService.deleteEnvironment(admin, temp.id()));
        assertTrue(held.getMessage().contains("3 images"));
        assertTrue(ctx().scopes().findEnvironment(temp.id()).isPresent());
        assertEquals(0, auditSince(mark).size(), "a refusal writes nothing");
    }

    @Test
    void members_service_accounts_and_keys_are_audited_once_each() {
        Viewer alice = viewer("alice@example.com");
        long acme = ctx().scopes().findAccountByName("acme").orElseThrow().id();
        long mark = lastAuditId();
        var user = ctx().users.addMember(alice, ScopeRef.account(acme),
                new UserService.NewMember("erin@example.com", "Erin", "erin-password-1", "admin"));
        assertEquals(List.of("user.create", "grant.set"), auditSince(mark).stream().map(AuditRecord::action).toList());

        mark = lastAuditId();
        var bot = ctx().users.createServiceAccount(alice, ScopeRef.account(acme), "deployer", "admin");
        assertEquals(List.of("service-account.create", "grant.set"), auditSince(mark).stream().map(AuditRecord::action).toList());

        mark = lastAuditId();
        ApiKeyService.CreatedKey key = ctx().apiKeys.create(alice, bot.id(), "jenkins");
        assertEquals(1, auditSince(mark).size());
        assertTrue(key.secret().length() >= 40);
        assertTrue(!auditSince(mark).get(0).afterJson().contains(key.secret()), "the secret is never logged");
        assertEquals(key.secret(), ctx().apiKeys.credential(key.key().keyId()).orElseThrow().secret());

        mark = lastAuditId();
        ctx().apiKeys.revoke(alice, key.key().keyId());
        assertEquals(1, auditSince(mark).size());
        assertTrue(ctx().apiKeys.credential(key.key().keyId()).isEmpty(), "a revoked key signs nothing");

        Viewer carol = viewer("carol@example.com");
        assertThrows(NotFoundException.class, () -> ctx().apiKeys.list(carol, bot.id()));
        assertThrows(NotFoundException.class, () -> ctx().users.find(carol, user.id()));
    }

    @Test
    void audit_log_of_an_environment_shows_its_entries_only() {
        Viewer admin = viewer(TestApp.ADMIN);
        long acme = ctx().scopes().findAccountByName("acme").orElseThrow().id();
        long devId = ctx().scopes().findEnvironmentByName(acme, "acme-dev").orElseThrow().id();
        AuditReader.Page page = ctx().auditReader.list(admin, ScopeRef.environment(devId),
                AuditReader.Filter.none(), 1, 100);
        assertTrue(page.total() > 0);
        assertTrue(page.entries().stream().allMatch(e -> e.scopeLevel().equals("ENVIRONMENT") && e.scopeId() == devId));
    }
}
