/**
 * The claim-check staging store: uploads are staged here by the gateway, and commands carry only a
 * {@link io.weft.contracts.command.StagedArchive}. Inject {@link io.weft.support.staging.StagingStore};
 * choose the backend with {@code weft.staging.backend} ({@code local} or {@code adls}).
 */
package io.weft.support.staging;
