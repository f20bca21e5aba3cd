/** Typed client for Fabric REST and OneLake. */
package io.weft.fabric.client;
