package io.weft.deployer.service;

/**
 * The mark a deployment leaves in the model's description, so that a redelivered command recognises the model
 * its own earlier attempt created or updated and carries on instead of refusing, or creating a second one.
 * Fabric keeps no idempotency key for item creation; the description is the only place that travels with the
 * item and that both create ({@code description}) and updateDefinition ({@code .platform} metadata with
 * {@code updateMetadata=true}) can set.
 */
public final class DeploymentMarker {

    /** Fabric's limit on an item description. */
    static final int MAX_DESCRIPTION = 256;
    static final String DEFAULT_DESCRIPTION = "Deployed by Weft";

    private DeploymentMarker() {
    }

    /** The description of a model this job creates. */
    public static String created(String userDescription, String jobId) {
        return describe(userDescription, "[weft:created-by:" + jobId + "]");
    }

    /** The description of a model this job updates (applied through {@code .platform}). */
    public static String updated(String userDescription, String jobId) {
        return describe(userDescription, "[weft:updated-by:" + jobId + "]");
    }

    public static boolean createdBy(String description, String jobId) {
        return description != null && description.contains("[weft:created-by:" + jobId + "]");
    }

    public static boolean updatedBy(String description, String jobId) {
        return description != null && description.contains("[weft:updated-by:" + jobId + "]");
    }

    /** A description without any Weft mark, e.g. to carry a user's text from one deployment to the next. */
    public static String withoutMark(String description) {
        return description == null ? "" : description.replaceAll("\\s*\\[weft:(created|updated)-by:[^\\]]*]", "").strip();
    }

    private static String describe(String userDescription, String mark) {
        String text = withoutMark(userDescription);
        if (text.isEmpty()) {
            text = DEFAULT_DESCRIPTION;
        }
        int room = MAX_DESCRIPTION - mark.length() - 1;
        if (text.length() > room) {
            text = text.substring(0, Math.max(0, room - 1)) + "…";
        }
        return text + " " + mark;
    }
}
