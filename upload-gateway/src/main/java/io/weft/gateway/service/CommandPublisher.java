package io.weft.gateway.service;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.weft.contracts.command.ProvisionCommand;
import io.weft.contracts.command.WorkspaceCommand;
import io.weft.gateway.config.GatewayConfig;
import io.weft.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.concurrent.CompletionException;

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

    private final MutinyEmitter<byte[]> provision;
    private final MutinyEmitter<byte[]> deploy;
    private final GatewayConfig config;

    public CommandPublisher(@Channel(PROVISION_CHANNEL) MutinyEmitter<byte[]> provision,
            @Channel(DEPLOY_CHANNEL) MutinyEmitter<byte[]> deploy, GatewayConfig config) {
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
        MutinyEmitter<byte[]> emitter = command instanceof ProvisionCommand ? provision : deploy;
        try {
            // The Uni completes when Kafka acknowledges the record and fails when it is nacked, like the workers'.
            emitter.sendMessage(CloudEvents.message(command, SOURCE)).await().atMost(config.publishTimeout());
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("Kafka did not acknowledge job " + command.jobId() + " within "
                    + config.publishTimeout(), e);
        } catch (RuntimeException e) {
            // A nack (the record was refused), or the emitter refusing outright (buffer full, channel failed).
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new BrokerUnavailableException("Kafka refused job " + command.jobId() + ": " + cause.getMessage(), cause);
        }
    }
}
