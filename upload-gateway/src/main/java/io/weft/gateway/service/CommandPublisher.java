package io.weft.gateway.service;

import io.weft.contracts.command.ProvisionCommand;
import io.weft.contracts.command.WorkspaceCommand;
import io.weft.gateway.config.GatewayConfig;
import io.weft.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes commands as binary-mode CloudEvents, keyed by workspace, and returns only once Kafka has
 * acknowledged them ({@code acks=all}), so a {@code 202} always means the job is on the topic.
 */
@ApplicationScoped
public class CommandPublisher {

    /** The outgoing channel of {@code weft.commands.provision}. */
    public static final String PROVISION_CHANNEL = "provision-commands";
    /** The outgoing channel of {@code weft.commands.deploy}. */
    public static final String DEPLOY_CHANNEL = "deploy-commands";
    /** The CloudEvent {@code source} of everything the gateway publishes. */
    public static final String SOURCE = "/weft/upload-gateway";

    private final Emitter<byte[]> provision;
    private final Emitter<byte[]> deploy;
    private final GatewayConfig config;

    public CommandPublisher(@Channel(PROVISION_CHANNEL) Emitter<byte[]> provision,
            @Channel(DEPLOY_CHANNEL) Emitter<byte[]> deploy, GatewayConfig config) {
        this.provision = provision;
        this.deploy = deploy;
        this.config = config;
    }

    /**
     * Sends the command and waits for the broker's acknowledgement, at most {@code weft.gateway.publish-timeout}.
     *
     * @throws BrokerUnavailableException when Kafka refused the record or did not acknowledge it in time
     */
    public void publish(WorkspaceCommand command) {
        Emitter<byte[]> emitter = command instanceof ProvisionCommand ? provision : deploy;
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Message<byte[]> message = CloudEvents.message(command, SOURCE)
                .withAck(() -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
            acknowledged.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("Kafka did not acknowledge job " + command.jobId() + " within "
                    + config.publishTimeout(), e);
        } catch (ExecutionException e) {
            throw new BrokerUnavailableException("Kafka refused job " + command.jobId() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            // The emitter refuses outright when its buffer is full or the channel failed.
            throw new BrokerUnavailableException("Kafka channel unavailable: " + e.getMessage(), e);
        }
    }
}
