package io.weft.fabric.client.onelake;

/** A path in OneLake as listed: {@code path} is relative to the workspace (e.g. {@code MyLH.Lakehouse/Files/a.csv}). */
public record OneLakeEntry(String path, boolean directory, long size) {
}
