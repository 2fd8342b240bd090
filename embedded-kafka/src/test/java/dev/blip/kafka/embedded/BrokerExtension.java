package dev.blip.kafka.embedded;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One {@link EmbeddedKafka} broker per test class: started before the class's {@code @BeforeAll}
 * methods, closed after its tests. Register it on a static field:
 * {@code @RegisterExtension static final BrokerExtension kafka = BrokerExtension.with(Map.of(...));}
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<EmbeddedKafka> starter;
    private EmbeddedKafka broker;

    /** A broker started by {@code starter}, e.g. {@code EmbeddedKafka::startWithSaslPlain}. */
    public BrokerExtension(Supplier<EmbeddedKafka> starter) {
        this.starter = starter;
    }

    /** A plaintext broker with these broker properties. */
    public static BrokerExtension with(Map<String, String> brokerProps) {
        return new BrokerExtension(() -> EmbeddedKafka.start(brokerProps));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker != null) {
            throw new IllegalStateException("the broker of " + context.getDisplayName() + " is already running");
        }
        broker = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            try {
                broker.close();
            } finally {
                broker = null;
            }
        }
    }

    /** The running broker. */
    public EmbeddedKafka get() {
        if (broker == null) {
            throw new IllegalStateException("no broker: register the BrokerExtension on a static field");
        }
        return broker;
    }
}
