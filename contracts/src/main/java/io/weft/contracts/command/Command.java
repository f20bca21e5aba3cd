package io.weft.contracts.command;

import io.weft.contracts.WeftMessage;

import java.time.Instant;

/** A request for work. Commands register a job; workers and the tracker consume them. */
public sealed interface Command extends WeftMessage permits WorkspaceCommand, ControlCommand {

    /** When the request was accepted by its producer. */
    Instant requestedAt();

    /** The Kafka record key: commands for one workspace are serialized on one partition. */
    String partitionKey();
}
