package io.weft.provisioner;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.weft.contracts.WeftMessage;
import io.weft.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes commands (provisioning and control) exactly as the gateway and tracker do. */
@ApplicationScoped
public class CommandPublisher {

    public static final String CHANNEL = "test-commands";

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    public void publish(WeftMessage command) {
        emitter.sendMessageAndAwait(CloudEvents.message(command, "/weft/test"));
    }
}
