package io.weft.testsupport.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One real resource (a broker, an emulator) per test class, started before the class and stopped when JUnit closes
 * the class's store; tests and lifecycle methods take it as a parameter of its type.
 */
public abstract class PerClassResourceExtension<T> implements BeforeAllCallback, ParameterResolver {

    private final Class<T> type;
    private final Supplier<T> start;
    private final Consumer<T> stop;
    private final ExtensionContext.Namespace namespace;

    protected PerClassResourceExtension(Class<T> type, Supplier<T> start, Consumer<T> stop) {
        this.type = type;
        this.start = start;
        this.stop = stop;
        this.namespace = ExtensionContext.Namespace.create(getClass());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        resource(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return resource(extensionContext);
    }

    private T resource(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return type.cast(classContext.getStore(namespace)
                .getOrComputeIfAbsent(type.getName(), key -> new Closing(start.get()), Closing.class).resource());
    }

    /** Lets JUnit stop the resource when the class's store is closed. */
    private final class Closing implements AutoCloseable {
        private final T resource;

        Closing(T resource) {
            this.resource = resource;
        }

        T resource() {
            return resource;
        }

        @Override
        public void close() {
            stop.accept(resource);
        }
    }
}
