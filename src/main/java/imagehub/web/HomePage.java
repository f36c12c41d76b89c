package imagehub.web;

import imagehub.scope.Account;
import imagehub.scope.Environment;
import java.util.List;

public record HomePage(Layout layout, List<Account> accounts, List<Environment> environments) {
}
