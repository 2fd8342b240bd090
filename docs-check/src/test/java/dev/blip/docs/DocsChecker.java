package dev.blip.docs;

import dev.blip.alerts.config.AlertsConfig;
import dev.blip.alerts.config.AlertsSetting;
import dev.blip.demo.DemoMain;
import dev.blip.docs.DocExamples.BlockComment;
import dev.blip.docs.DocExamples.DocCommand;
import dev.blip.scorer.config.ConfigException;
import dev.blip.scorer.config.ConfigLoader;
import dev.blip.scorer.config.ConfigViolation;
import dev.blip.scorer.config.Setting;
import dev.blip.trainer.cli.BlipTrainer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks documented command lines against the code they document:
 * <ul>
 *   <li>{@code trainer.jar} and {@code demo.jar} (also bare {@code `train ...`}, {@code `run ...`} spans in prose): {@link CommandLine#parseArgs} on the real picocli
 *       commands (unknown options, missing required options, wrong option values, unknown commands);</li>
 *   <li>{@code alerts.jar}: {@link AlertsConfig#load} with the documented arguments and {@code BLIP_ALERTS_*}
 *       environment (required settings supplied when an example sets none);</li>
 *   <li>{@code scorer.jar}: {@link ConfigLoader#load(String[], Map)} with the documented arguments and
 *       {@code BLIP_*} environment (when an example sets none, required settings are supplied);</li>
 *   <li>every {@code BLIP_*} name in the text: a scorer {@link Setting}, an {@link AlertsSetting} or a
 *       {@code BLIP_ALERTS_KAFKA_*} consumer pass-through, the config-file variable, a
 *       {@code BLIP_KAFKA_*} pass-through of a real Kafka client/Streams property, the inference-engine
 *       override, or a docker-compose interpolation variable;</li>
 *   <li>{@code `--option`} spans in prose: an option of some trainer or demo command (or {@code --config});</li>
 *   <li>{@code --options} in the comments of a code block: options of a command that block runs
 *       (the README's "or --input files/dir" for {@code train} was such a comment);</li>
 *   <li>cheap syntax of the other runnable lines: {@code java -cp ... dev.blip.X} classes exist, JMH
 *       benchmark names and {@code -p} parameters exist, {@code -jar M/target/N.jar} is module M's jar,
 *       {@code ./mvnw -pl} modules and {@code -P} profiles exist.</li>
 * </ul>
 * Synopses ({@code --input FILE|DIR (--model B | --train-fraction F [--train-max-rows N])}) are
 * expanded into their alternatives, with and without the optional options; upper-case placeholders
 * after an option get a sample value of the option's real type.
 */
final class DocsChecker {

    enum Jar { TRAINER, SCORER, ALERTS, DEMO }

    /** A documented example that needs no broker, to be run for real. {@code args} already point at test files. */
    record Example(String where, Jar jar, List<String> args) {
    }

    record Report(List<String> problems, List<Example> runnables, Map<String, Integer> checked) {
    }

    static final String BUNDLE_PLACEHOLDER = "<bundle>";

    private static final Pattern BLIP_NAME = Pattern.compile("(?<![A-Za-z0-9_])BLIP_[A-Z0-9_]*");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    private static final Pattern METAVARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*(\\.\\.\\.)?");
    private static final Pattern MODULE_JAR = Pattern.compile("(?:.*/)?([\\w.-]+)/target/([\\w.-]+)\\.jar");
    private static final Set<String> JMH_FLAGS = Set.of("-h", "-l", "-lp", "-lrf", "-lprof", "-foe");
    private static final List<String> STREAMS_PREFIXES = List.of("main.consumer.", "restore.consumer.", "global.consumer.",
            "consumer.", "producer.", "admin.", "topic.");

    /** The real command lines of trainer.jar and demo.jar (their {@code main} methods execute these). */
    private static final Supplier<CommandLine> TRAINER = BlipTrainer::commandLine;
    private static final Supplier<CommandLine> DEMO =
            () -> DemoMain.commandLine(Clock.systemUTC(), new PrintWriter(Writer.nullWriter()));

    private final Path root;
    private final Path emptyProperties;
    private final List<String> problems = new ArrayList<>();
    private final List<Example> runnables = new ArrayList<>();
    private final Map<String, Integer> checked = new LinkedHashMap<>();

    DocsChecker(Path root, Path scratch) {
        this.root = root;
        try {
            this.emptyProperties = Files.createTempFile(scratch, "empty", ".properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks one Markdown file's text; {@code name} is how problems name it. */
    DocsChecker check(String name, String markdown) {
        return check(name, markdown, true);
    }

    /**
     * As {@link #check(String, String)}; {@code proseOptions} also checks options named alone in prose
     * ({@code `--short`}) against the union of all commands' options (off for pages that discuss JVM or JMH flags).
     */
    DocsChecker check(String name, String markdown, boolean proseOptions) {
        DocExamples.Extracted ex = DocExamples.extract(name, markdown);
        Map<Integer, Set<String>> blockOptions = new HashMap<>();
        for (DocCommand c : ex.commands()) {
            Set<String> options = blockOptions.computeIfAbsent(c.block(), b -> new TreeSet<>());
            command(c, options, proseOptions);
        }
        for (BlockComment comment : ex.comments()) {
            Set<String> options = blockOptions.get(comment.block());
            if (options == null || options.isEmpty()) {
                continue;   // the block runs none of our jars
            }
            Matcher m = OPTION.matcher(comment.text());
            while (m.find()) {
                count("comment option");
                if (!options.contains(m.group())) {
                    problem(comment.where(), "comment '# " + comment.text() + "'", "names " + m.group()
                            + ", which no command run in this block has (its commands have " + options + ")");
                }
            }
        }
        blipNames(name, markdown);
        return this;
    }

    Report report() {
        return new Report(List.copyOf(problems), List.copyOf(runnables), Map.copyOf(checked));
    }

    // ---------------------------------------------------------------- commands

    private void command(DocCommand c, Set<String> blockOptions, boolean proseOptions) {
        String program = c.program();
        if (program.equals("java")) {
            java(c, blockOptions);
        } else if (program.equals("./mvnw") || program.equals("mvn")) {
            maven(c);
        } else if (c.inline() && c.words().size() > 1 && TRAINER.get().getSubcommands().containsKey(program)) {
            // `train --bootstrap-servers ... --topic events ...` in prose: the trainer's arguments
            picocli(c, Jar.TRAINER, TRAINER, c.words(), blockOptions);
        } else if (c.inline() && c.words().size() > 1 && DEMO.get().getSubcommands().containsKey(program)) {
            picocli(c, Jar.DEMO, DEMO, c.words(), blockOptions);
        } else if (c.inline() && proseOptions && program.startsWith("--")) {
            proseOptions(c);
        }
    }

    /** {@code `--short`} in prose: an option of some trainer or demo command, or the scorer's {@code --config}. */
    private void proseOptions(DocCommand c) {
        Set<String> all = new TreeSet<>(List.of("--config"));
        for (Supplier<CommandLine> factory : List.of(TRAINER, DEMO)) {
            collect(factory.get().getCommandSpec(), all);
        }
        for (ShellLine.Word w : c.words()) {
            Matcher m = OPTION.matcher(w.value());
            while (m.find()) {   // also --key-field/--time-field/--category-field
                count("prose option");
                if (!all.contains(m.group())) {
                    problem(c, m.group() + " is not an option of any trainer.jar or demo.jar command, nor scorer.jar's --config");
                }
            }
        }
    }

    private static void collect(CommandSpec spec, Set<String> out) {
        spec.options().forEach(o -> out.addAll(List.of(o.names())));
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), out));
    }

    private void java(DocCommand c, Set<String> blockOptions) {
        List<ShellLine.Word> w = c.words();
        int i = 1;
        while (i < w.size()) {
            String v = w.get(i).value();
            if (v.equals("-jar") && i + 1 < w.size()) {
                jar(c, w.get(i + 1).value(), w.subList(i + 2, w.size()), blockOptions);
                return;
            }
            if (v.equals("-cp") || v.equals("-classpath") || v.equals("--class-path")) {
                i += 2;
                continue;
            }
            if (v.startsWith("-D")) {
                systemProperty(c, v.substring(2));
            }
            if (!v.startsWith("-")) {
                mainClass(c, v, values(w.subList(i + 1, w.size())));
                return;
            }
            i++;
        }
    }

    private void systemProperty(DocCommand c, String assignment) {
        String name = assignment.split("=", 2)[0];
        if (name.startsWith("blip.")) {
            count("system property");
            // the scorer and the trainer take settings and options; system properties are the benchmarks' switches
            if (!benchProperties().contains(name)) {
                problem(c, "-D" + name + " is not a system property blip reads");
            }
        }
    }

    private Set<String> benchProperties;

    /** The {@code blip.*} system properties a benchmark reads: names in getProperty/getBoolean/getInteger calls of the scorer's bench sources. */
    private Set<String> benchProperties() {
        if (benchProperties == null) {
            benchProperties = new java.util.HashSet<>();
            Pattern read = Pattern.compile("(?:getProperty|getBoolean|getInteger)\\(\"(blip\\.[a-z.]+)\"");
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root.resolve("scorer/src/test/java/dev/blip/scorer/bench"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = read.matcher(java.nio.file.Files.readString(f));
                    while (m.find()) {
                        benchProperties.add(m.group(1));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return benchProperties;
    }

    private void jar(DocCommand c, String path, List<ShellLine.Word> args, Set<String> blockOptions) {
        Matcher m = MODULE_JAR.matcher(path);
        if (m.matches() && !path.startsWith("/")) {
            count("jar path");
            Path pom = root.resolve(m.group(1)).resolve("pom.xml");
            if (!Files.isRegularFile(pom) || !read(pom).contains("<finalName>" + m.group(2) + "</finalName>")) {
                problem(c, path + " is not what module " + m.group(1) + " builds (no <finalName>" + m.group(2)
                        + "</finalName> in " + root.relativize(pom) + ")");
            }
        }
        String file = path.substring(path.lastIndexOf('/') + 1);
        switch (file) {
            case "trainer.jar" -> picocli(c, Jar.TRAINER, TRAINER, args, blockOptions);
            case "demo.jar" -> picocli(c, Jar.DEMO, DEMO, args, blockOptions);
            case "scorer.jar" -> scorer(c, args, blockOptions);
            case "alerts.jar" -> alerts(c, args);
            case "benchmarks.jar" -> jmh(c, values(args));
            default -> {
            }
        }
    }

    private void picocli(DocCommand c, Jar jar, Supplier<CommandLine> factory, List<ShellLine.Word> args,
                         Set<String> blockOptions) {
        count(jar.name().toLowerCase(Locale.ROOT) + ".jar");
        for (List<String> variant : Synopsis.variants(args)) {
            CommandLine cl = factory.get();
            List<String> concrete = Synopsis.isSynopsis(args) ? samples(cl.getCommandSpec(), variant) : variant;
            blockOptions.addAll(options(cl.getCommandSpec(), concrete));
            CommandLine.ParseResult parsed;
            try {
                parsed = cl.parseArgs(concrete.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                problem(c, jar.name().toLowerCase(Locale.ROOT) + ".jar " + String.join(" ", concrete) + ": "
                        + e.getMessage());
                continue;
            }
            CommandLine.ParseResult last = parsed;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            boolean help = false;
            for (CommandLine.ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
                help |= p.isUsageHelpRequested() || p.isVersionHelpRequested();
            }
            if (help) {
                runnables.add(new Example(c.where(), jar, concrete));
            } else if (jar == Jar.TRAINER && last.commandSpec().name().equals("inspect") && last.hasMatchedPositional(0)) {
                String bundle = last.matchedPositional(0).getValue().toString();
                List<String> run = new ArrayList<>(concrete);
                run.set(run.lastIndexOf(bundle), BUNDLE_PLACEHOLDER);
                runnables.add(new Example(c.where(), jar, run));
            }
        }
    }

    /** The option names of the (sub)command the arguments select, whether or not they parse. */
    private static Set<String> options(CommandSpec top, List<String> args) {
        CommandSpec spec = top;
        for (String a : args) {
            if (spec.subcommands().containsKey(a)) {
                spec = spec.subcommands().get(a).getCommandSpec();
            }
        }
        Set<String> out = new TreeSet<>();
        spec.options().forEach(o -> out.addAll(List.of(o.names())));
        return out;
    }

    /** Upper-case placeholders after an option become a sample of the option's type (FILE stays FILE for a Path). */
    private static List<String> samples(CommandSpec top, List<String> args) {
        List<String> out = new ArrayList<>(args);
        CommandSpec spec = top;
        for (int i = 0; i < out.size(); i++) {
            String a = out.get(i);
            if (spec.subcommands().containsKey(a)) {
                spec = spec.subcommands().get(a).getCommandSpec();
                continue;
            }
            OptionSpec o = spec.findOption(a);
            if (o != null && o.arity().max() > 0) {
                for (int j = i + 1; j < out.size() && j <= i + Math.max(1, Math.min(o.arity().max(), 8))
                        && METAVARIABLE.matcher(out.get(j)).matches(); j++) {
                    out.set(j, sample(o));
                    i = j;
                }
            }
        }
        return out;
    }

    private static String sample(OptionSpec o) {
        Class<?> type = o.type();
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            type = o.auxiliaryTypes()[0];
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "1";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "0.5";
        }
        if (type == Duration.class) {
            return "PT1S";
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0].toString();
        }
        return "PLACEHOLDER";
    }

    private void scorer(DocCommand c, List<ShellLine.Word> args, Set<String> blockOptions) {
        count("scorer.jar");
        blockOptions.add("--config");
        Map<String, String> env = new HashMap<>();
        c.env().forEach((k, v) -> {
            if (k.startsWith("BLIP_")) {
                env.put(k, v.contains("$") ? "placeholder" : v);
            }
        });
        boolean complete = !env.isEmpty();   // an example that sets BLIP_* variables must set all it needs
        for (List<String> variant : Synopsis.variants(args)) {
            List<String> a = new ArrayList<>(variant);
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).equals("--config") && i + 1 < a.size() && !Files.isRegularFile(root.resolve(a.get(i + 1)))) {
                    a.set(i + 1, emptyProperties.toString());
                } else if (a.get(i).startsWith("--config=")) {
                    a.set(i, "--config=" + emptyProperties);
                }
            }
            Map<String, String> e = new HashMap<>(env);
            List<ConfigViolation> violations = configViolations(a, e);
            if (!complete && violations.stream().anyMatch(DocsChecker::required)) {
                violations.stream().filter(DocsChecker::required).forEach(v -> e.put(v.key(), "placeholder"));
                violations = configViolations(a, e);
            }
            for (ConfigViolation v : violations) {
                problem(c, "scorer.jar " + String.join(" ", variant) + ": " + v);
            }
        }
    }

    /** {@code alerts.jar}: {@link AlertsConfig#load} with the documented arguments and {@code BLIP_ALERTS_*} environment. */
    private void alerts(DocCommand c, List<ShellLine.Word> args) {
        count("alerts.jar");
        Map<String, String> env = new HashMap<>();
        c.env().forEach((k, v) -> {
            if (k.startsWith(AlertsSetting.ENV_PREFIX)) {
                env.put(k, v.contains("$") ? "placeholder" : v);
            }
        });
        if (env.isEmpty()) {   // an example that sets none relies on the environment: supply the required ones
            AlertsSetting.all().stream().filter(s -> s.defaultValue() == null)
                    .forEach(s -> env.put(s.env(), s.type().name().contains("URL") ? "http://placeholder:9093" : "placeholder"));
        }
        try {
            AlertsConfig.load(values(args).toArray(String[]::new), env);
        } catch (dev.blip.alerts.config.ConfigException e) {
            e.violations().forEach(v -> problem(c, "alerts.jar: " + v));
        }
    }

    private static boolean required(ConfigViolation v) {
        return v.rule().contains("required") && v.key().startsWith("BLIP_");
    }

    private static List<ConfigViolation> configViolations(List<String> args, Map<String, String> env) {
        try {
            ConfigLoader.load(args.toArray(String[]::new), env);
            return List.of();
        } catch (ConfigException e) {
            return e.violations();
        }
    }

    private void mainClass(DocCommand c, String className, List<String> args) {
        if (className.equals("org.openjdk.jmh.Main")) {
            jmh(c, args);
            return;
        }
        if (!className.startsWith("dev.blip.")) {
            return;
        }
        count("main class");
        if (source(className) == null) {
            problem(c, "class " + className + " is not in any module's src/main/java or src/test/java");
        } else if (!read(source(className)).contains("static void main(")) {
            problem(c, "class " + className + " has no main method");
        }
    }

    private void jmh(DocCommand c, List<String> args) {
        count("jmh");
        List<String> patterns = new ArrayList<>();
        List<String> params = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-p") && i + 1 < args.size()) {
                params.add(args.get(++i).split("=", 2)[0]);
            } else if (a.startsWith("-")) {
                if (!JMH_FLAGS.contains(a)) {
                    i++;
                }
            } else {
                patterns.add(a);
            }
        }
        List<Path> benchmarks = javaSources().filter(p -> read(p).contains("@Benchmark")).toList();
        Set<String> known = new LinkedHashSet<>();
        for (String pattern : patterns) {
            Pattern p = Pattern.compile(pattern);
            List<Path> matched = benchmarks.stream().filter(b -> p.matcher(className(b)).find()).toList();
            if (matched.isEmpty()) {
                problem(c, "JMH benchmark '" + pattern + "' matches no @Benchmark class");
            }
            matched.forEach(b -> known.addAll(params(b)));
        }
        for (String param : params) {
            if (!patterns.isEmpty() && !known.contains(param)) {
                problem(c, "JMH parameter -p " + param + " is not a @Param of " + patterns + " (they have " + known + ")");
            }
        }
    }

    /** {@code @Param} fields of a benchmark class and its superclasses in the same package. */
    private Set<String> params(Path source) {
        Set<String> out = new LinkedHashSet<>();
        String text = read(source);
        Matcher m = Pattern.compile("@Param\\([^)]*\\)\\s*(?:public\\s+|protected\\s+)?\\w+\\s+(\\w+)").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        Matcher ext = Pattern.compile("class\\s+\\w+\\s+extends\\s+(\\w+)").matcher(text);
        if (ext.find()) {
            Path parent = source.resolveSibling(ext.group(1) + ".java");
            if (Files.isRegularFile(parent)) {
                out.addAll(params(parent));
            }
        }
        return out;
    }

    private void maven(DocCommand c) {
        List<String> args = values(c.words());
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            String modules = a.equals("-pl") || a.equals("--projects") ? (i + 1 < args.size() ? args.get(++i) : "")
                    : a.startsWith("-pl") && a.length() > 3 ? a.substring(3) : null;
            if (modules != null) {
                for (String module : modules.split(",")) {
                    if (module.contains("<") || module.contains("$")) {
                        continue;   // a placeholder: -pl <module>
                    }
                    count("maven module");
                    String dir = module.startsWith(":") ? module.substring(1).replaceFirst("^blip-", "") : module;
                    if (!Files.isRegularFile(root.resolve(dir).resolve("pom.xml"))) {
                        problem(c, "./mvnw -pl " + module + ": no such module");
                    }
                }
            }
            if (a.startsWith("-P") && a.length() > 2) {
                for (String profile : a.substring(2).split(",")) {
                    count("maven profile");
                    String id = profile.replaceFirst("^[!-]", "");
                    boolean exists;
                    try (Stream<Path> poms = Files.walk(root, 2)) {
                        exists = poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
                                .anyMatch(p -> read(p).contains("<id>" + id + "</id>"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (!exists) {
                        problem(c, "./mvnw -P" + id + ": no pom declares that profile");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- BLIP_* names

    private void blipNames(String file, String markdown) {
        Set<String> known = knownBlipNames();
        Set<String> kafka = kafkaProperties();
        String kafkaPrefix = Setting.toEnv(Setting.KAFKA_PREFIX);   // BLIP_KAFKA_
        String alertsKafkaPrefix = AlertsSetting.toEnv(AlertsSetting.KAFKA_PREFIX);   // BLIP_ALERTS_KAFKA_
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = BLIP_NAME.matcher(lines[i]);
            while (m.find()) {
                String name = m.group();
                count("BLIP_ name");
                if (known.contains(name) || name.equals("BLIP_") || name.equals(kafkaPrefix)
                        || name.equals(AlertsSetting.ENV_PREFIX) || name.equals(alertsKafkaPrefix)) {
                    continue;
                }
                if (name.startsWith(alertsKafkaPrefix)) {
                    String property = AlertsSetting.fromEnv(name).substring(AlertsSetting.KAFKA_PREFIX.length());
                    if (!ConsumerConfig.configNames().contains(property)) {
                        problem(file + ":" + (i + 1), name, "passes through '" + property
                                + "', which is not a Kafka consumer property");
                    }
                    continue;
                }
                if (name.startsWith(kafkaPrefix)) {
                    String property = Setting.fromEnv(name).substring(Setting.KAFKA_PREFIX.length());
                    if (!isKafkaProperty(property, kafka)) {
                        problem(file + ":" + (i + 1), name, "passes through '" + property
                                + "', which is not a Kafka client or Streams property");
                    }
                    continue;
                }
                problem(file + ":" + (i + 1), name, "is not a scorer setting (" + Setting.all().size()
                        + " settings in dev.blip.scorer.config.Setting), " + ConfigLoader.CONFIG_FILE_ENV + ", "
                        + "a " + kafkaPrefix + "* pass-through, an alerts setting (" + AlertsSetting.all().size()
                        + " in dev.blip.alerts.config.AlertsSetting) or " + alertsKafkaPrefix + "* pass-through, "
                        + "or a docker-compose variable");
            }
        }
    }

    /** Scorer settings, the config-file variable, the inference override and docker-compose's own {@code ${BLIP_...}} variables. */
    Set<String> knownBlipNames() {
        Set<String> known = new TreeSet<>();
        Setting.all().forEach(s -> known.add(s.env()));
        AlertsSetting.all().forEach(s -> known.add(s.env()));
        known.add(ConfigLoader.CONFIG_FILE_ENV);
        Path docker = root.resolve("docker");
        if (Files.isDirectory(docker)) {
            try (Stream<Path> files = Files.list(docker)) {
                files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).forEach(p -> {
                    Matcher m = Pattern.compile("\\$\\{(BLIP_[A-Z0-9_]+)").matcher(read(p));
                    while (m.find()) {
                        known.add(m.group(1));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return known;
    }

    private static Set<String> kafkaProperties() {
        Set<String> out = new TreeSet<>();
        out.addAll(ProducerConfig.configNames());
        out.addAll(ConsumerConfig.configNames());
        out.addAll(AdminClientConfig.configNames());
        out.addAll(StreamsConfig.configDef().names());
        return out;
    }

    private static boolean isKafkaProperty(String property, Set<String> kafka) {
        if (kafka.contains(property)) {
            return true;
        }
        return STREAMS_PREFIXES.stream().anyMatch(p -> property.startsWith(p) && kafka.contains(property.substring(p.length())));
    }

    // ---------------------------------------------------------------- helpers

    private Path source(String className) {
        String rel = className.replace('.', '/') + ".java";
        try (Stream<Path> modules = Files.list(root)) {
            return modules.filter(Files::isDirectory)
                    .flatMap(m -> Stream.of(m.resolve("src/main/java").resolve(rel), m.resolve("src/test/java").resolve(rel)))
                    .filter(Files::isRegularFile).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Stream<Path> javaSources() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(Files::isDirectory).toList()) {
                Path src = m.resolve("src/main/java");
                if (Files.isDirectory(src)) {
                    try (Stream<Path> walk = Files.walk(src)) {
                        walk.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.stream();
    }

    private static String className(Path source) {
        String s = source.toString().replace('\\', '/');
        int i = s.indexOf("/java/");
        return s.substring(i + "/java/".length(), s.length() - ".java".length()).replace('/', '.');
    }

    private static List<String> values(List<ShellLine.Word> words) {
        return words.stream().map(ShellLine.Word::value).toList();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void count(String kind) {
        checked.merge(kind, 1, Integer::sum);
    }

    private void problem(DocCommand c, String message) {
        problem(c.where(), c.text(), message);
    }

    private void problem(String where, String what, String message) {
        problems.add(where + ": " + what + "\n    -> " + message);
    }
}
