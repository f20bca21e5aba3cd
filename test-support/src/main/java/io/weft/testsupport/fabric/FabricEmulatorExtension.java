package io.weft.testsupport.fabric;

import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.junit.PerClassResourceExtension;

/**
 * A {@link FabricEmulator} for plain JUnit tests: {@code @ExtendWith(FabricEmulatorExtension.class)}, then take a
 * {@code FabricEmulator} as a test or lifecycle method parameter. One emulator per test class, stopped after it,
 * on the fast profile (free port, temporary data directory); tune it at run time through {@code admin()}.
 */
public class FabricEmulatorExtension extends PerClassResourceExtension<FabricEmulator> {

    public FabricEmulatorExtension() {
        // The fast profile, chosen explicitly: other modules' tests are about Weft, not about Fabric's timing.
        super(FabricEmulator.class, () -> FabricEmulator.start(EmulatorOptions.defaults().fast()), FabricEmulator::close);
    }
}
