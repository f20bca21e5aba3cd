package io.weft.testsupport.fabric;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a test field of type {@link io.weft.fabric.emulator.FabricEmulator} that {@link FabricEmulatorResource} fills in. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectFabricEmulator {
}
