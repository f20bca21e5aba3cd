package io.weft.fabric.client.lakehouse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A lakehouse table ({@code type} Managed or External, {@code format} e.g. Delta). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Table(String type, String name, String location, String format) {
}
