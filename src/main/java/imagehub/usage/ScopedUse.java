package imagehub.usage;

import imagehub.core.ScopeRef;

/**
 * One thing that uses an image or a role (a role, a farm, an image naming it as its replacement), defined in
 * a scope. {@link HiddenUses#split} names it to a viewer who can see that scope and only counts it otherwise.
 */
public interface ScopedUse {
    /** What it is: {@code role}, {@code farm}, {@code image}. */
    String kind();

    String id();

    ScopeRef scope();

    /** How a report names it, e.g. {@code role web-server}. */
    String describe();
}
