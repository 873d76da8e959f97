package org.ftp2sms.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a real Kafka broker: {@code @ExtendWith(KafkaBrokerExtension.class)} and a {@link TestKafka}
 * parameter. One broker serves the whole test JVM, started on first use and stopped when the JVM's tests end:
 * Testcontainers' Kafka where a Docker engine answers, otherwise the in-JVM KRaft broker of
 * {@code embedded-kafka} (the same code {@code standalone} runs).
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(KafkaBrokerExtension.class));
        return store.computeIfAbsent("broker", key -> TestKafka.startBroker(), TestKafka.class);
    }
}
