package io.weft.testsupport.fabric;

import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A {@link FabricEmulator} for plain JUnit tests: {@code @ExtendWith(FabricEmulatorExtension.class)}, then take a
 * {@code FabricEmulator} as a test or lifecycle method parameter. One emulator per test class, stopped after it,
 * with default options (free port, temporary data directory); tune it at run time through {@code admin()}.
 */
public class FabricEmulatorExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FabricEmulatorExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == FabricEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator(extensionContext);
    }

    private static FabricEmulator emulator(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent("emulator", key -> new ClosingEmulator(FabricEmulator.start(EmulatorOptions.defaults())), ClosingEmulator.class)
                .emulator();
    }

    /** Lets JUnit stop the emulator when the class's store is closed. */
    private record ClosingEmulator(FabricEmulator emulator) implements AutoCloseable {
        @Override
        public void close() {
            emulator.close();
        }
    }
}
