package dev.blip.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs check must fail when an example drifts: broken snippets go through the same extractor and
 * checker as the real documents and must be reported; correct ones must not.
 */
class DocsCheckerTest {

    @TempDir
    Path scratch;

    private List<String> problems(String markdown) {
        return new DocsChecker(DocsExamplesTest.ROOT, scratch).check("snippet.md", markdown).report().problems();
    }

    private static String bash(String... lines) {
        return "```bash\n" + String.join("\n", lines) + "\n```\n";
    }

    @Test
    void alertsJarLinesAndSettingsAreChecked() {
        assertThat(problems(bash("BLIP_ALERTS_BOOTSTRAP_SERVERS=k:9092 BLIP_ALERTS_ALERTMANAGER_URL=http://am:9093 "
                + "java -jar alerts/target/alerts.jar"))).isEmpty();
        assertThat(problems(bash("BLIP_ALERTS_BOOTSTRAP_SERVERS=k:9092 BLIP_ALERTS_ALERTMANAGER_URL=am:9093 "
                + "java -jar alerts/target/alerts.jar"))).singleElement().asString()
                .contains("BLIP_ALERTS_ALERTMANAGER_URL: must be 1 to 8 absolute http");
        assertThat(problems(bash("java -jar alerts/target/alerts.jar --config"))).singleElement().asString()
                .contains("none are accepted");
        assertThat(problems("Set `BLIP_ALERTS_NOPE` and `BLIP_ALERTS_KAFKA_NOT_A_PROPERTY`; `BLIP_ALERTS_KAFKA_FETCH_MIN_BYTES` is fine."))
                .hasSize(2);
    }

    @Test
    void onlySystemPropertiesABenchmarkReadsAreAccepted() {
        String cp = "java -Xmx4g %s -cp \"$CP\" dev.blip.scorer.bench.EndToEndBench 10000 1024 3";
        assertThat(problems(bash(cp.formatted("-Dblip.bench.threads=2 -Dblip.bench.scores=true -Dblip.inference.engine=dl4j"))))
                .isEmpty();
        assertThat(problems(bash(cp.formatted("-Dblip.bench.thread=2")))).singleElement().asString()
                .contains("-Dblip.bench.thread is not a system property blip reads");
    }

    @Test
    void theOriginalReadmeDriftIsReported() {
        // README.md before issue 16: the comment offered `--input files/dir` for `train`.
        String before = bash(
                "# train on history from a topic (or --input files/dir: event CSV/JSON lines, or timestamp,value series)",
                "java -jar trainer/target/trainer.jar train --bootstrap-servers kafka:9092 --topic events \\",
                "     --bucket 1m --window 32 --output models/model.zip");
        assertThat(problems(before)).singleElement().asString().contains("snippet.md:2", "--input");
        // ...and the command a reader would type from it.
        assertThat(problems(bash("java -jar trainer/target/trainer.jar train --input data/history.jsonl -o m.zip | tee log")))
                .singleElement().asString().contains("Unknown option", "'--input'");
    }

    @Test
    void unknownMissingAndWronglyTypedTrainerOptionsAreReported() {
        assertThat(problems(bash("java -jar trainer/target/trainer.jar train --events h.jsonl")))
                .singleElement().asString().contains("Missing required option", "--output");
        assertThat(problems(bash("java -jar trainer/target/trainer.jar train --events h.jsonl -o m.zip --window thirty")))
                .singleElement().asString().contains("Invalid value for option '--window'");
        assertThat(problems(bash("java -jar trainer/target/trainer.jar train --events h.jsonl -o m.zip --calibration median")))
                .singleElement().asString().contains("--calibration");
        assertThat(problems(bash("java -jar trainer/target/trainer.jar score --model m.zip")))
                .singleElement().asString().contains("score");
        assertThat(problems(bash("OMP_NUM_THREADS=1 java -jar trainer/target/trainer.jar train --series a/ b/ -o m.zip "
                + "--missing linear --hidden 64,32"))).isEmpty();
    }

    @Test
    void synopsesAreCheckedInEveryAlternative() {
        String detect = bash("java -jar trainer/target/trainer.jar detect --input FILE|DIR --output FILE|DIR \\",
                "    (--model bundle.zip | --train-fraction F [--train-max-rows N]) [series and training options]");
        assertThat(problems(detect)).isEmpty();
        assertThat(problems(detect.replace("--train-max-rows", "--max-rows")))
                .singleElement().asString().contains("'--max-rows'");
        assertThat(problems(detect.replace("--model", "--bundle"))).isNotEmpty();
        assertThat(problems("Run `java -jar trainer/target/trainer.jar inspect model.zip [--json]` to see it.\n")).isEmpty();
        assertThat(problems("Run `java -jar trainer/target/trainer.jar inspect model.zip [--jsn]` to see it.\n"))
                .singleElement().asString().contains("snippet.md:1", "--jsn");
    }

    @Test
    void scorerArgumentsEnvironmentAndValuesAreChecked() {
        assertThat(problems(bash("BLIP_BOOTSTRAP_SERVERS=kafka:9092 BLIP_MODEL_PATH=m.zip \\",
                "BLIP_STATE_DIR=/tmp/s java -jar scorer/target/scorer.jar"))).isEmpty();
        assertThat(problems(bash("java -jar scorer/target/scorer.jar [--config scorer.properties]"))).isEmpty();
        assertThat(problems(bash("java -jar scorer/target/scorer.jar --conf scorer.properties")))
                .singleElement().asString().contains("only --config FILE");
        // An example that sets BLIP_* variables must set the required ones; a misspelt name is no setting.
        assertThat(problems(bash("BLIP_BOOTSTRAP_SERVERS=kafka:9092 BLIP_MODLE_PATH=m.zip java -jar scorer/target/scorer.jar")))
                .anySatisfy(p -> assertThat(p).contains("BLIP_MODLE_PATH", "is not a scorer setting"))
                .anySatisfy(p -> assertThat(p).contains("BLIP_MODEL_PATH: is required"));
        assertThat(problems(bash("BLIP_BOOTSTRAP_SERVERS=k:9092 BLIP_MODEL_PATH=m.zip BLIP_GRACE=soon \\",
                "    java -jar scorer/target/scorer.jar"))).singleElement().asString().contains("BLIP_GRACE", "duration");
        // Exported variables count as the example's environment too.
        assertThat(problems(bash("export BLIP_MODEL_PATH=m.zip", "java -jar scorer/target/scorer.jar")))
                .singleElement().asString().contains("BLIP_BOOTSTRAP_SERVERS: is required");
    }

    @Test
    void commandsAndOptionsInProseAreChecked() {
        assertThat(problems("| `trainer` | one shot: `train --topic events --output /models/model.zip` |\n"))
                .singleElement().asString().contains("snippet.md:1", "--bootstrap-servers");
        assertThat(problems("Add `run --short`, or `run --keep-running`; `--allow-underfit` and `--config` exist.\n")).isEmpty();
        assertThat(problems("Add `run --shorter`.\n")).singleElement().asString().contains("--shorter");
        assertThat(problems("Pass `--input-dir` to it.\n")).singleElement().asString().contains("--input-dir", "not an option");
        assertThat(problems("`docker compose -f docker/docker-compose.yml run --rm --no-deps trainer` and `inspect`\n")).isEmpty();
    }

    @Test
    void blipNamesInProseAreChecked() {
        assertThat(problems("Set `BLIP_MAX_BATCH=1`, `BLIP_KAFKA_SESSION_TIMEOUT_MS=6000`, `BLIP_CONFIG_FILE`,\n"
                + "`BLIP_INFERENCE_ENGINE=dl4j`, `BLIP_HISTORY_SECONDS`, `BLIP_KAFKA_*`, `BLIP_*`.\n")).isEmpty();
        assertThat(problems("Set `BLIP_MAX_BATCHES=1`.\n")).singleElement().asString().contains("BLIP_MAX_BATCHES");
        assertThat(problems("Raise `BLIP_KAFKA_SESSION_TIMEOUT`.\n")).singleElement().asString()
                .contains("'session.timeout'", "not a Kafka");
    }

    @Test
    void demoAndOtherRunnableLinesAreChecked() {
        assertThat(problems(bash("./mvnw -q -B package -DskipTests && OMP_NUM_THREADS=1 java -jar demo/target/demo.jar run --short")))
                .isEmpty();
        // main runs 'run' only when there are no arguments at all: options alone are not the run command's.
        assertThat(problems(bash("java -jar demo/target/demo.jar --short"))).singleElement().asString()
                .contains("Unknown option: '--short'");
        assertThat(problems(bash("java -jar demo/target/demo.jar run --shrt"))).singleElement().asString().contains("--shrt");
        assertThat(problems(bash("java -jar demo/target/demo.jar generate --topic t"))).singleElement().asString()
                .contains("--bootstrap-servers");
        assertThat(problems(bash("java -jar demo/target/demos.jar"))).singleElement().asString().contains("finalName");
        assertThat(problems(bash("CP=bench/target/classes:$(cat /tmp/cp.txt)",
                "java -cp $CP dev.blip.bench.NoSuchBench 1.0",
                "java -cp \"$CP\" org.openjdk.jmh.Main FastInferenceBenchmark -t 2 -p engine=fast -p batchsize=256",
                "java -jar bench/target/benchmarks.jar NoSuchBenchmark -wi 2",
                "java -Dblip.inference.engin=dl4j -cp \"$CP\" dev.blip.scorer.bench.EndToEndBench 10 1024 5",
                "./mvnw -B -pl core,benchmarks -am package -Preliability-lng")))
                .hasSize(6)
                .anySatisfy(p -> assertThat(p).contains("dev.blip.bench.NoSuchBench"))
                .anySatisfy(p -> assertThat(p).contains("-p batchsize"))
                .anySatisfy(p -> assertThat(p).contains("'NoSuchBenchmark'"))
                .anySatisfy(p -> assertThat(p).contains("-Dblip.inference.engin "))
                .anySatisfy(p -> assertThat(p).contains("-pl benchmarks"))
                .anySatisfy(p -> assertThat(p).contains("-Preliability-lng"));
    }

    @Test
    void aDriftedCopyOfTheRealReadmeFails() throws Exception {
        String readme = Files.readString(DocsExamplesTest.ROOT.resolve("README.md"));
        assertThat(problems(readme)).isEmpty();
        assertThat(problems(readme.replace("--bucket 1m", "--bucket-size 1m"))).singleElement().asString()
                .contains("snippet.md", "--bucket-size");
    }

    @Test
    void shellLinesAreReadLikeTheShellWould() {
        DocExamples.Extracted ex = DocExamples.extract("x.md", bash(
                "CP=a:b",
                "cd /x && OMP_NUM_THREADS=1 BLIP_X=1 java -jar a.jar --foo \\",
                "   --bar \"b c\" | tee out.log   # comment --baz",
                "java -cp \"$CP\" Main ${CP}"));
        assertThat(ex.commands()).extracting(DocExamples.DocCommand::program)
                .containsExactly("", "cd", "java", "tee", "java");
        DocExamples.DocCommand jar = ex.commands().get(2);
        assertThat(jar.where()).isEqualTo("x.md:3");
        assertThat(jar.env()).containsEntry("OMP_NUM_THREADS", "1").containsEntry("BLIP_X", "1");
        assertThat(jar.words()).extracting(ShellLine.Word::value).containsExactly("java", "-jar", "a.jar", "--foo", "--bar", "b c");
        assertThat(ex.commands().get(4).words()).extracting(ShellLine.Word::value)
                .containsExactly("java", "-cp", "a:b", "Main", "a:b");
        assertThat(ex.comments()).singleElement().extracting(DocExamples.BlockComment::text).isEqualTo("comment --baz");
    }
}
