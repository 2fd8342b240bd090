package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

    @Test
    void aMissingToolSkipsTheTestNamingHowToInstallIt() {
        assertThatThrownBy(() -> ExternalTool.require("blip-no-such-tool", "apt-get install blip-no-such-tool"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("blip-no-such-tool not on PATH")
                .hasMessageContaining("apt-get install blip-no-such-tool");
    }

    @Test
    void runsAToolAndCapturesItsOutputAndExitCode() {
        ExternalTool sh = ExternalTool.require("sh", "a POSIX shell");

        ExternalTool.Result result = sh.run(RepoFiles.root(), "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains("out").contains("err");
    }
}
