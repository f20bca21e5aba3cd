package io.weft.fabric.client.http;

import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryStrategy;
import io.weft.fabric.client.config.FabricSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * The SDK RetryPolicy's strategy: retries only {@link FailureKind#TRANSIENT} answers (decided on errorCode first)
 * and connection failures, with exponential backoff and jitter. Throttling is not an attempt here: the outer
 * {@link ThrottlingPolicy} owns it.
 */
final class FabricRetryStrategy implements RetryStrategy {

    private final FabricSettings.Retry retry;

    FabricRetryStrategy(FabricSettings.Retry retry) {
        this.retry = retry;
    }

    @Override
    public int getMaxRetries() {
        return retry.maxRetries();
    }

    @Override
    public Duration calculateRetryDelay(int retryAttempts) {
        return Backoff.exponentialWithJitter(retry.initialDelay(), retry.maxDelay(), retryAttempts);
    }

    @Override
    public boolean shouldRetryCondition(RequestRetryCondition condition) {
        HttpResponse response = condition.getResponse();
        if (response != null) {
            if (response.getStatusCode() < 400) {
                return false;
            }
            if (response instanceof BufferedResponse buffered) {
                FabricError error = FabricError.read(buffered.getStatusCode(), buffered.getHeaders(), buffered.bytes());
                return error.kind() == FailureKind.TRANSIENT;
            }
            return FailureKind.classify(response.getStatusCode(), response.getHeaders().getValue("x-ms-public-api-error-code"),
                    null) == FailureKind.TRANSIENT;
        }
        return isConnectionFailure(condition.getThrowable());
    }

    static boolean isConnectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof UncheckedIOException || c instanceof TimeoutException
                    || c instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Exponential backoff with ±20 % jitter, capped. */
    static final class Backoff {
        private Backoff() {
        }

        static Duration exponentialWithJitter(Duration initial, Duration max, int attempt) {
            double base = initial.toMillis() * Math.pow(2, Math.max(0, Math.min(attempt, 30)));
            double jittered = base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
            return Duration.ofMillis((long) Math.min(max.toMillis(), jittered));
        }
    }
}
