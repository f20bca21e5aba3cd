package io.weft.fabric.client.http;

import java.time.Duration;

/** Waits between polls and retries; a seam so the waiting strategy is one place. */
@FunctionalInterface
public interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
