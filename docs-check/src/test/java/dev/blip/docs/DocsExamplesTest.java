package dev.blip.docs;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.testkit.TestBundles;
import dev.blip.demo.DemoMain;
import dev.blip.trainer.cli.BlipTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation's examples against the code: every {@code trainer.jar}, {@code scorer.jar} and
 * {@code demo.jar} command line in README.md, docs/*.md, BENCHMARKS.md and RELIABILITY.md parses with
 * the real command specs, every {@code BLIP_*} name is real, and the examples that need no broker
 * ({@code --help}, {@code inspect} on a bundle built here) run and exit 0. See {@link DocsChecker}.
 */
class DocsExamplesTest {

    static final Path ROOT = Path.of(System.getProperty("blip.repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    static Path scratch;

    static DocsChecker.Report report;

    /** README.md, BENCHMARKS.md, RELIABILITY.md and every docs/*.md, as paths relative to the repository root. */
    static List<String> documents() throws IOException {
        List<String> out = new ArrayList<>(List.of("README.md", "BENCHMARKS.md", "RELIABILITY.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p -> out.add(ROOT.relativize(p).toString()));
        }
        return out;
    }

    @BeforeAll
    static void checkAll() throws IOException {
        DocsChecker checker = new DocsChecker(ROOT, scratch);
        for (String doc : documents()) {
            // BENCHMARKS.md and RELIABILITY.md name JVM and JMH flags in prose; their command lines are still checked.
            checker.check(doc, Files.readString(ROOT.resolve(doc)), doc.equals("README.md") || doc.startsWith("docs"));
        }
        report = checker.report();
        System.out.println("docs check: " + report.checked());
    }

    @Test
    void everyDocumentedCommandLineAndSettingMatchesTheCode() {
        assertThat(report.problems())
                .as("documented examples that drifted from the code (checked: %s)", report.checked())
                .isEmpty();
        // The extractor must keep finding the examples, or the check above proves nothing.
        assertThat(report.checked()).containsKeys("trainer.jar", "scorer.jar", "alerts.jar", "demo.jar", "BLIP_ name", "jmh",
                "main class", "maven module", "comment option", "prose option");
        assertThat(report.checked().get("trainer.jar")).isGreaterThanOrEqualTo(8);
    }

    /** docs/alerts.md's configuration table lists every alerts setting with its default, and nothing else. */
    @Test
    void alertsConfigurationTableMatchesTheSettings() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/alerts.md"));
        List<String> rows = doc.lines().filter(l -> l.startsWith("| `BLIP_ALERTS_") && !l.startsWith("| `BLIP_ALERTS_KAFKA_"))
                .toList();
        assertThat(rows).extracting(r -> r.substring(3, r.indexOf('`', 3)))
                .containsExactlyElementsOf(dev.blip.alerts.config.AlertsSetting.all().stream()
                        .map(dev.blip.alerts.config.AlertsSetting::env).toList());
        for (dev.blip.alerts.config.AlertsSetting s : dev.blip.alerts.config.AlertsSetting.all()) {
            String row = rows.stream().filter(r -> r.startsWith("| `" + s.env() + "`")).findFirst().orElseThrow();
            String cell = row.split("\\|")[2].trim();
            assertThat(cell).as(s.env() + " default").isEqualTo(s.defaultValue() == null ? "(required)"
                    : s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`");
        }
    }

    @Test
    void brokerFreeExamplesRunForReal() throws Exception {
        assertThat(report.runnables()).extracting(r -> r.args().get(0)).contains("--help", "inspect");
        Path bundle = null;
        for (DocsChecker.Example r : report.runnables()) {
            if (r.args().contains(DocsChecker.BUNDLE_PLACEHOLDER) && bundle == null) {
                ModelBundle small = TestBundles.small();
                bundle = scratch.resolve("model.zip");
                BundleIO.save(small.manifest(), small.network(), bundle);
            }
            Path b = bundle;
            String[] args = r.args().stream().map(a -> a.equals(DocsChecker.BUNDLE_PLACEHOLDER) ? b.toString() : a)
                    .toArray(String[]::new);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code;
            if (r.jar() == DocsChecker.Jar.TRAINER) {
                CommandLine cl = BlipTrainer.commandLine();
                cl.setOut(new PrintWriter(out, true));
                cl.setErr(new PrintWriter(err, true));
                code = cl.execute(args);
            } else {
                CommandLine cl = DemoMain.commandLine(Clock.systemUTC(), new PrintWriter(out, true));
                cl.setErr(new PrintWriter(err, true));
                code = cl.execute(args);
            }
            assertThat(code).as("%s: %s %s exits 0; stderr: %s", r.where(), r.jar(), String.join(" ", args), err)
                    .isZero();
            assertThat(out.toString()).as("%s: output of %s", r.where(), String.join(" ", args)).isNotBlank();
            System.out.println("ran " + r.where() + ": " + r.jar().name().toLowerCase(java.util.Locale.ROOT) + ".jar "
                    + String.join(" ", r.args()) + " -> exit 0");
        }
    }
}
