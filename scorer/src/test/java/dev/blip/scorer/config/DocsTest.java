package dev.blip.scorer.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/scorer.md documents every setting with its real default (the deploy files depend on the names). */
class DocsTest {

    @Test
    void everySettingIsInTheConfigurationTableWithItsDefault() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "scorer.md"));
        for (Setting s : Setting.values()) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + s.env() + "` | `" + s.key() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + s.env()));
            String shown = s.defaultValue() == null ? "(required)" : s.defaultValue().isEmpty() ? "(empty" : "`" + s.defaultValue() + "`";
            assertThat(row).as(s.env()).contains(shown).contains(" | " + s.type().name() + " | ");
        }
    }
}
