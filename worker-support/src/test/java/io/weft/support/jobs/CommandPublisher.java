package io.weft.support.jobs;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.weft.contracts.command.Command;
import io.weft.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes commands exactly as the gateway does. */
@ApplicationScoped
public class CommandPublisher {

    @Inject
    @Channel("commands-out")
    MutinyEmitter<byte[]> emitter;

    void publish(Command command) {
        emitter.sendMessageAndAwait(CloudEvents.message(command, "/weft/upload-gateway"));
    }
}
