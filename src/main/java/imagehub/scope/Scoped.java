package imagehub.scope;

import imagehub.core.ScopeRef;

/** An object defined at a scope (an image, a role), as the scope resolver checks reach to it. */
public interface Scoped {
    ScopeRef scope();

    String name();
}
