package io.neoagent.bridge.delivery;

/**
 * A delivery whose first part landed at the destination and whose rest failed: e.g. the Lead was made, its campaign
 * membership was not. Thrown by a channel route (from a bean) with the id of what was made; the dispatcher records
 * that id with the failure and hands it to the next attempt and to a replay as {@link ChannelHeaders#RESULT_ID}, so
 * the first part is never made twice. Judged on its cause (retry later, or dead).
 */
public class PartlyDeliveredException extends Exception {

    private final String resultId;
    private final String what;

    /**
     * @param resultId the id of what was made (recorded as the delivery's result)
     * @param what     what failed after it, e.g. {@code its campaign membership failed}
     * @param cause    the failure, judged as any other
     */
    public PartlyDeliveredException(String resultId, String what, Throwable cause) {
        super(resultId + " was made, but " + what + ": " + cause.getMessage(), cause);
        this.resultId = resultId;
        this.what = what;
    }

    public String what() {
        return what;
    }

    public String resultId() {
        return resultId;
    }

    /** The id of what was made, from the first {@code PartlyDeliveredException} in {@code error}'s causes; or null. */
    static String resultIdOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PartlyDeliveredException partly) {
                return partly.resultId();
            }
        }
        return null;
    }
}
