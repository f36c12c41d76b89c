package imagehub.web;

import gg.jte.Content;
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

    /** A template rendered now, to be placed inside another page's template as it is. */
    public Content fragment(String template, Object model) {
        String html = render(template, model);
        return output -> output.writeContent(html);
    }
}
