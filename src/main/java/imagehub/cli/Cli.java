package imagehub.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code java -jar imagehub.jar <group> <command>}: the JSON API from a terminal. Each group's commands are
 * built from their declarations in {@link Groups}; {@code completion} prints the bash completion script.
 */
public final class Cli {
    static final String NAME = "imagehub";

    private Cli() {
    }

    /** Runs the command in {@code args}; answers the exit code (0 on success, see {@link CliException}). */
    public static int run(String[] args, CliContext ctx) {
        return commandLine(ctx).execute(args);
    }

    static CommandLine commandLine(CliContext ctx) {
        CommandSpec root = grouping(NAME,
                "Imagehub's command-line client: drives the JSON API of an Imagehub server with a signed API key.");
        root.usageMessage().footer("", "Without arguments, or with 'serve', the jar starts the Imagehub server.",
                "Configuration: ~/.imagehub/config profiles or IMAGEHUB_URL, IMAGEHUB_KEY_ID, IMAGEHUB_SECRET "
                        + "(see README).",
                "Exit codes: 0 done, 1 the API answered an error, 2 bad usage or configuration, "
                        + "3 no answer from the server, 4 waited-on work failed or timed out.");
        // Global options: accepted before the group, after it or after the command; every copy shares the value.
        root.addOption(OptionSpec.builder(OpRunner.SCOPE).type(String.class).paramLabel("SCOPE")
                .scopeType(ScopeType.INHERIT)
                .description("env:<id>, account:<id> or global (default: the profile's scope).").build());
        root.addOption(OptionSpec.builder(OpRunner.JSON).type(boolean.class).arity("0").scopeType(ScopeType.INHERIT)
                .description("Print the answer's data as JSON instead of a table.").build());
        root.addOption(OptionSpec.builder(OpRunner.PROFILE).type(String.class).paramLabel("NAME")
                .scopeType(ScopeType.INHERIT)
                .description("The profile of ~/.imagehub/config to use (default: IMAGEHUB_PROFILE or default).")
                .build());
        CommandLine cli = new CommandLine(root);
        for (Groups.Group group : Groups.all()) {
            CommandLine groupLine = new CommandLine(grouping(group.name(), group.description()));
            for (Op op : group.ops()) {
                groupLine.addSubcommand(op.name, new CommandLine(leaf(group, op, ctx)));
            }
            cli.addSubcommand(group.name(), groupLine);
        }
        cli.addSubcommand("completion", new CommandLine(completion(cli, ctx)));
        cli.setOut(new PrintWriter(ctx.out(), true));
        cli.setErr(new PrintWriter(ctx.err(), true));
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof CliException failure) {
                commandLine.getErr().println("error: " + failure.getMessage());
                return failure.exitCode();
            }
            throw e;
        });
        return cli;
    }

    /** The picocli label of a path parameter: {@code imageId} → {@code IMAGE_ID}. */
    static String label(String pathParam) {
        return pathParam.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static CommandSpec leaf(Groups.Group group, Op op, CliContext ctx) {
        CommandSpec[] self = new CommandSpec[1];
        CommandSpec spec = withUsage(CommandSpec.wrapWithoutInspection(
                (Callable<Integer>) () -> new OpRunner(group, op, self[0], ctx).run()), op.name, op.description);
        self[0] = spec;
        List<String> params = op.pathParams();
        for (int i = 0; i < params.size(); i++) {
            spec.addPositional(PositionalParamSpec.builder().index(String.valueOf(i)).paramLabel(label(params.get(i)))
                    .arity("1").required(true).type(String.class).description("The " + words(params.get(i)) + ".").build());
        }
        for (Op.Input input : op.inputs) {
            spec.addOption(typed(OptionSpec.builder(input.option()), input.type()).description(input.description())
                    .paramLabel(label(input.key().replace('.', '_'))).build());
        }
        if (op.kind == Op.Kind.LIST) {
            spec.addOption(OptionSpec.builder("-f", OpRunner.FILTER).type(List.class).auxiliaryTypes(String.class)
                    .paramLabel("FIELD=VALUE").description("A filter the API declares for the list; repeatable.").build());
            spec.addOption(OptionSpec.builder(OpRunner.MAX_RESULTS).type(Integer.class).paramLabel("N")
                    .description("Items per page, 1 to 100 (the API's default 100).").build());
            spec.addOption(OptionSpec.builder(OpRunner.PAGE).type(Integer.class).paramLabel("N")
                    .description("The page to show, from 1.").build());
            spec.addOption(flag(OpRunner.ALL, "Follow the pagination: every page, as one list."));
        }
        if (op.kind == Op.Kind.WRITE) {
            spec.addOption(OptionSpec.builder(OpRunner.SET).type(List.class).auxiliaryTypes(String.class)
                    .paramLabel("FIELD=VALUE").description("Set a body field (dotted path such as os.id); a JSON "
                            + "literal (true, 8, \"8\", [..], {..}) is sent as such, other text as a string; repeatable.")
                    .build());
            spec.addOption(flag(OpRunner.STDIN, "Read the JSON body from standard input; options and --set "
                    + "override its fields."));
        }
        op.waits.ifPresent(kind -> {
            if (!op.alwaysWaits) {
                spec.addOption(flag(OpRunner.WAIT, "Wait until the work ends, showing a progress bar on stderr."));
            }
            spec.addOption(OptionSpec.builder(OpRunner.TIMEOUT).type(Double.class).paramLabel("SECONDS")
                    .defaultValue("3600").description("Give up waiting after this long (default ${DEFAULT-VALUE}).")
                    .build());
            spec.addOption(OptionSpec.builder(OpRunner.INTERVAL).type(Double.class).paramLabel("SECONDS")
                    .defaultValue("2").description("Time between two looks (default ${DEFAULT-VALUE}).").build());
        });
        if (op.kind != Op.Kind.DELETE) {
            spec.addOption(OptionSpec.builder("-q", OpRunner.QUIET).type(boolean.class).arity("0")
                    .description("Print only the id of each object answered, for scripts.").build());
        }
        return spec;
    }

    private static OptionSpec.Builder typed(OptionSpec.Builder option, Op.Type type) {
        return switch (type) {
            case STRING -> option.type(String.class);
            case INTEGER -> option.type(Long.class);
            case BOOLEAN -> option.type(Boolean.class).arity("0..1").fallbackValue("true");
            case LIST -> option.type(List.class).auxiliaryTypes(String.class).splitRegex(",");
        };
    }

    private static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).type(boolean.class).arity("0").description(description).build();
    }

    private static CommandSpec withUsage(CommandSpec spec, String name, String description) {
        spec.name(name).version(NAME + " " + version()).mixinStandardHelpOptions(true);
        spec.usageMessage().description(description);
        return spec;
    }

    /** A command that only groups others: run alone, it shows its usage and fails. */
    private static CommandSpec grouping(String name, String description) {
        CommandSpec[] self = new CommandSpec[1];
        self[0] = withUsage(CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            CommandLine line = self[0].commandLine();
            line.getErr().println("error: give a command");
            line.usage(line.getErr());
            return CliException.USAGE;
        }), name, description);
        return self[0];
    }

    private static CommandSpec completion(CommandLine root, CliContext ctx) {
        return withUsage(CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            ctx.out().print(AutoComplete.bash(NAME, root));
            ctx.out().flush();
            return 0;
        }), "completion", "Print the bash completion script: source <(java -jar imagehub.jar completion), "
                + "with an alias or wrapper named " + NAME + ".");
    }

    private static String words(String pathParam) {
        return Arrays.stream(pathParam.split("(?=[A-Z])")).map(w -> w.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
    }

    private static String version() {
        String version = Cli.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
