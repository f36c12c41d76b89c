package imagehub.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import imagehub.audit.AuditRoutes;
import imagehub.farm.FarmRoutes;
import imagehub.image.ImageRoutes;
import imagehub.picker.PickerRoutes;
import imagehub.operation.OperationRoutes;
import imagehub.replacement.ReplacementRoutes;
import imagehub.role.RoleRoutes;
import imagehub.scope.ScopeRoutes;
import imagehub.usage.FleetPanel;
import imagehub.usage.UsageRoutes;
import imagehub.user.LoginRoutes;
import imagehub.user.UserRoutes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The template names the routes render by are constants that each name a precompiled template. */
class TemplateNamesTest {
    private static final TemplateEngine precompiled = TemplateEngine.createPrecompiled(ContentType.Html);

    @Test
    void every_template_constant_of_the_routes_names_a_precompiled_template() throws IllegalAccessException {
        List<Class<?>> owners = List.of(AuditRoutes.class, FarmRoutes.class, ImageRoutes.class, OperationRoutes.class,
                ReplacementRoutes.class, RoleRoutes.class, ScopeRoutes.class, UsageRoutes.class, LoginRoutes.class,
                UserRoutes.class, FleetPanel.class, ErrorPage.class, PickerRoutes.class);
        for (Class<?> owner : owners) {
            List<String> names = new ArrayList<>();
            for (Field field : owner.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("TEMPLATE")) {
                    field.setAccessible(true);
                    names.add((String) field.get(null));
                }
            }
            assertFalse(names.isEmpty(), owner.getSimpleName() + " renders by no template constant");
            for (String name : names) {
                assertTrue(precompiled.hasTemplate(name), owner.getSimpleName() + ": no template " + name);
            }
        }
    }

    @Test
    void a_misspelt_template_name_is_noticed() {
        assertFalse(precompiled.hasTemplate("image/detial.jte"));
    }
}
