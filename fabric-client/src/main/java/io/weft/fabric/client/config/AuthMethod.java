package io.weft.fabric.client.config;

/** How the client obtains Entra tokens. Configured as {@code default}, {@code client-secret}, {@code managed-identity}, {@code workload-identity}. */
public enum AuthMethod {
    /** azure-identity's {@code DefaultAzureCredential} chain (environment, workload identity, managed identity, CLI...). */
    DEFAULT,
    /** A service principal with a client secret ({@code ClientSecretCredential}). */
    CLIENT_SECRET,
    /** The Azure managed identity of the host; {@code client-id} selects a user-assigned identity. */
    MANAGED_IDENTITY,
    /** Kubernetes workload identity (federated token file from the environment). */
    WORKLOAD_IDENTITY
}
