package dev.blip.core.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void aKeyWithANewlineCannotForgeALogLine() {
        String forged = "k1\n05:00:00.000 ERROR d.b.s.Fake - forged line\r\u001b[31mred\u2028x";
        String escaped = LogText.escape(forged);
        assertThat(escaped).isEqualTo("k1\\n05:00:00.000 ERROR d.b.s.Fake - forged line\\r\\u001b[31mred\\u2028x");
        assertThat(LogText.escape("plain-key_42/ü")).isEqualTo("plain-key_42/ü");
        assertThat(LogText.escape("a\\nb")).as("a literal backslash-n stays distinguishable").isEqualTo("a\\\\nb");
        assertThat(LogText.escape(null)).isEqualTo("null");
    }

    @Test
    void longTextIsCutAndSaysHowLongItWas() {
        String escaped = LogText.escape("x".repeat(1_000_000));
        assertThat(escaped).hasSizeLessThan(LogText.MAX_CHARS + 30).endsWith("...(1000000 chars)");
    }

    @Property(tries = 300)
    void escapedTextHasNoControlOrLineSeparatorCharacters(@ForAll String text) {
        String escaped = LogText.escape(text);
        assertThat(escaped.chars()).noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
    }
}
