package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dockerfiles, read (no Docker engine and no hadolint here): multi-stage wrapper build of one
 * module, JRE runtime, exec-form entrypoint running the module's jar, numeric non-root user,
 * container JVM flags, and every file they copy exists and is in the build context.
 */
class DockerfileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Dockerfile dockerfile(String module) {
        return Dockerfile.parse(RepoFiles.read("docker/Dockerfile." + module));
    }

    @ParameterizedTest
    @ValueSource(strings = {"scorer", "trainer", "demo", "alerts"})
    void buildsTheModuleWithTheWrapperAndRunsItOnAJre(String module) {
        Dockerfile file = dockerfile(module);
        List<Dockerfile.Instruction> froms = file.all("FROM");

        assertThat(froms).extracting(Dockerfile.Instruction::arguments)
                .containsExactly("maven:3.9-eclipse-temurin-17 AS build", "eclipse-temurin:17-jre");
        assertThat(file.all("RUN")).extracting(Dockerfile.Instruction::arguments)
                .anyMatch(run -> run.contains("./mvnw -B -q package -DskipTests -pl " + module + " -am"));
        assertThat(RepoFiles.read(".mvn/maven.config")).contains("-Djavacpp.platform=linux-x86_64");
        assertThat(file.finalStage().all("COPY")).extracting(Dockerfile.Instruction::arguments).containsExactly(
                "--from=build /src/" + module + "/target/lib/ /app/lib/",
                "--from=build /src/" + module + "/target/" + module + ".jar /app/" + module + ".jar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scorer", "trainer", "demo", "alerts"})
    void entrypointIsExecFormJavaOnTheCopiedJar(String module) throws Exception {
        List<Dockerfile.Instruction> entrypoints = dockerfile(module).finalStage().all("ENTRYPOINT");

        assertThat(entrypoints).hasSize(1);
        String json = entrypoints.get(0).arguments();
        assertThat(json).as("exec form (a JSON array), so java is PID 1 and gets SIGTERM").startsWith("[");
        List<String> argv = JSON.readValue(json, new TypeReference<List<String>>() { });
        assertThat(argv).containsExactly("java", "-jar", "/app/" + module + ".jar");
        dockerfile(module).finalStage().all("CMD")
                .forEach(cmd -> assertThat(cmd.arguments()).as("CMD exec form").startsWith("["));
    }

    @ParameterizedTest
    @ValueSource(strings = {"scorer", "trainer", "demo"})
    void runsAsANumericNonRootUserWithContainerJvmFlags(String module) {
        Dockerfile stage = dockerfile(module).finalStage();
        List<Dockerfile.Instruction> users = stage.all("USER");

        assertThat(users).isNotEmpty();
        Matcher uid = Pattern.compile("(\\d+)(?::(\\d+))?").matcher(users.get(users.size() - 1).arguments());
        assertThat(uid.matches()).as("numeric USER, so runAsNonRoot can verify it").isTrue();
        assertThat(Integer.parseInt(uid.group(1))).isPositive();
        int lastUser = stage.instructions().lastIndexOf(users.get(users.size() - 1));
        assertThat(stage.instructions().subList(lastUser + 1, stage.instructions().size()))
                .extracting(Dockerfile.Instruction::keyword).doesNotContain("RUN", "USER", "FROM");
        String env = String.join(" ", stage.all("ENV").stream().map(Dockerfile.Instruction::arguments).toList());
        assertThat(env).contains("OMP_NUM_THREADS=1").contains("-XX:MaxRAMPercentage=")
                .contains("-XX:+ExitOnOutOfMemoryError").contains("-Dorg.bytedeco.javacpp.cachedir=/tmp/");
    }

    @Test
    void scorerHealthcheckProbesReadinessWithAClientTheImageHas() {
        Dockerfile stage = dockerfile("scorer").finalStage();
        List<Dockerfile.Instruction> checks = stage.all("HEALTHCHECK");

        assertThat(checks).hasSize(1);
        String check = checks.get(0).arguments();
        assertThat(check).contains("CMD [\"curl\"").contains("http://localhost:8080/health/ready").contains("-f");
        assertThat(stage.all("RUN")).extracting(Dockerfile.Instruction::arguments)
                .anyMatch(run -> run.contains("command -v curl") && run.contains("apt-get install"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"scorer", "trainer", "demo", "alerts"})
    void everyCopiedSourceExistsAndIsInTheBuildContext(String module) {
        DockerIgnore ignore = new DockerIgnore(RepoFiles.read(".dockerignore"));
        for (Dockerfile.Instruction copy : dockerfile(module).all("COPY")) {
            if (copy.arguments().startsWith("--from=")) {
                continue;
            }
            String[] parts = copy.arguments().split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                assertThat(RepoFiles.path(parts[i])).as("COPY source %s", parts[i]).exists();
                if (!parts[i].equals(".")) {
                    assertThat(ignore.excludes(parts[i])).as("%s excluded by .dockerignore", parts[i]).isFalse();
                }
            }
        }
    }

    @Test
    void dockerignoreKeepsTheBuildInputsAndDropsBuildOutput() {
        DockerIgnore ignore = new DockerIgnore(RepoFiles.read(".dockerignore"));

        for (String needed : List.of("pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties", ".mvn/maven.config")) {
            assertThat(ignore.excludes(needed)).as(needed).isFalse();
        }
        // Maven reads every module's pom even with -pl, so no module may be left out.
        for (String module : modules()) {
            assertThat(ignore.excludes(module + "/pom.xml")).as(module).isFalse();
            assertThat(ignore.excludes(module + "/src/main/java/A.java")).as(module).isFalse();
        }
        assertThat(ignore.excludes("target/x.jar")).isTrue();
        assertThat(ignore.excludes("scorer/target/scorer.jar")).isTrue();
        assertThat(ignore.excludes(".git/HEAD")).isTrue();
    }

    @Test
    void everyImagesModuleIsInTheReactor() {
        List<String> modules = modules();
        for (String module : List.of("scorer", "trainer", "demo", "alerts")) {
            assertThat(modules).as("docker/Dockerfile." + module + " builds module " + module + " from the parent pom")
                    .contains(module);
            assertThat(RepoFiles.path(module + "/pom.xml")).isRegularFile();
        }
    }

    private static List<String> modules() {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(RepoFiles.read("pom.xml"));
        return m.results().map(r -> r.group(1)).toList();
    }
}
