package io.weft.gateway.service;

/** Kafka did not acknowledge a command in time: the request is refused and nothing of it is kept. */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
