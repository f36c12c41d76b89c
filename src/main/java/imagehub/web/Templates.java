package imagehub.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/** The precompiled JTE templates; every template takes a single typed model record. */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public String render(String template, Object model) {
        StringOutput output = new StringOutput();
        engine.render(template, model, output);
        return output.toString();
    }
}
