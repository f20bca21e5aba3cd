/** A local stand-in for Microsoft Fabric REST, OneLake and Entra. */
package io.weft.fabric.emulator;
