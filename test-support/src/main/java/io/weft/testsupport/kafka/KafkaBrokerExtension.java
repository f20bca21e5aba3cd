package io.weft.testsupport.kafka;

import io.weft.testsupport.junit.PerClassResourceExtension;

/**
 * A real Kafka broker for plain JUnit tests: {@code @ExtendWith(KafkaBrokerExtension.class)}, then take a
 * {@link KafkaBroker} as a test or lifecycle method parameter. One broker per test class, stopped after it.
 */
public class KafkaBrokerExtension extends PerClassResourceExtension<KafkaBroker> {

    public KafkaBrokerExtension() {
        super(KafkaBroker.class, KafkaBroker::start, KafkaBroker::close);
    }
}
