package dev.blip.scorer.topology;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTest {

    @Test
    void aKeyWithANewlineIsLoggedOnOneEscapedLine() {
        Logger logger = (Logger) LoggerFactory.getLogger("blip.test.rate-limited");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            new RateLimitedLog(logger, Duration.ZERO).warn("dropped late event of key '{}' at {}",
                    "k\n05:00:00.000 ERROR forged", 42L);
            assertThat(appender.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                    .isEqualTo("dropped late event of key 'k\\n05:00:00.000 ERROR forged' at 42").doesNotContain("\n"));
        } finally {
            logger.detachAppender(appender);
        }
    }
}
