package imagehub.web;

import imagehub.core.ScopeRef;
import java.util.Map;

/** The human names of scopes that pages show: "Global", the account's name, or "account / environment". */
public interface ScopeLabels {
    String label(ScopeRef scope);

    /** Names of every account and environment, for tables that show many scopes at once. */
    Map<ScopeRef, String> labels();
}
