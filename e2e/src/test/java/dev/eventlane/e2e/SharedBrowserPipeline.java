package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.QUERY;
import static dev.eventlane.e2e.Pipeline.STREAMS;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The three services of the browser tests, started once per test run and shared by the classes that use this
 * extension: a {@link Pipeline} parameter of their {@code @BeforeAll} method. Safe to share because each class works
 * in a user, org and project of its own and none stops, kills or reconfigures a service. The run's root store stops
 * it when the run ends; {@link BrowserTestsLast} runs these classes after the others, so it is not kept up while
 * those start services of their own.
 */
final class SharedBrowserPipeline implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedBrowserPipeline.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Pipeline.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Pipeline.class, key -> start(), Pipeline.class);
    }

    private static Pipeline start() {
        return Pipeline.logsIn("browser").topics("events", "events-unique")
                // The dashboard test's webhook receiver listens on loopback.
                .with(STREAMS, "eventlane.alerts.webhooks.allow-private-networks", "true")
                .start(STREAMS, INGEST, QUERY);
    }
}
