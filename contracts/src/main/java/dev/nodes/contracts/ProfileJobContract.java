package dev.nodes.contracts;

/**
 * The profiling Job between the operator, which starts the tool with these options, and the tool, which leaves one
 * JSON line with these keys in the pod's termination log for the operator to read.
 */
public final class ProfileJobContract {
    /** The profiling tool's subcommand the Job runs. */
    public static final String COMMAND = "profile-job";

    public static final String OPTION_TARGET = "--target";
    public static final String OPTION_JWT_SECRET_FILE = "--jwt-secret-file";
    public static final String OPTION_SECONDS = "--seconds";
    public static final String OPTION_MODE = "--mode";
    public static final String OPTION_REASON = "--reason";
    public static final String OPTION_BASELINE_CAPTURE = "--baseline-capture";

    /** A regression's run: benchmark, capture, and a comparison with the baseline capture when there is one. */
    public static final String MODE_PROFILE = "profile";
    /** A rollout's known good capture, under the same load as a profile run. */
    public static final String MODE_BASELINE = "baseline";
    /** The benchmark alone, after a migration. */
    public static final String MODE_BENCHMARK = "benchmark";

    public static final String KEY_RESULT = "result";
    public static final String KEY_CAPTURE_ID = "capture_id";
    public static final String KEY_BASELINE_CAPTURE_ID = "baseline_capture_id";
    public static final String KEY_REGRESSED_FRAMES = "regressed_frames";
    public static final String KEY_SUMMARY = "summary";

    public static final String RESULT_OK = "ok";
    public static final String RESULT_REGRESSED = "regressed";
    public static final String RESULT_FAILED = "failed";

    private ProfileJobContract() {}
}
