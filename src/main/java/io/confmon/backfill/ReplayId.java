package io.confmon.backfill;

import io.confmon.app.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backfill's application id when none is given: the live monitor's id, {@code -backfill-}, and
 * a digest of every setting that changes what the replay counts (topics, bucket, horizon, class
 * lists, thresholds, slice keys). The same settings give the same id, so a second run after a kill
 * continues where the first stopped; a what-if replay ({@code --set threshold=...}) gets an id,
 * state and offsets of its own and never touches the live monitor's or another replay's.
 */
public final class ReplayId {
    private ReplayId() {}

    public static String of(Config config) {
        Map<String, String> counted = new TreeMap<>();
        counted.put("topics.predictions", config.get("topics.predictions"));
        counted.put("topics.labels", config.get("topics.labels"));
        counted.put("bucket", Long.toString(config.bucketMs()));
        counted.put("label.horizon", Long.toString(config.horizonMs()));
        counted.put("slice.keys", String.join(",", config.sliceKeys()));
        var models = config.modelSettings();
        models.classes().forEach((model, space) -> counted.put("models." + model + ".classes", String.join(",", space.fixed().names())));
        models.thresholds().forEach((model, t) -> counted.put("models." + model + ".threshold", Double.toString(t)));
        // Only when set: runs made before the key existed keep their ids.
        if (models.expectedMaxClasses() != io.confmon.event.ModelSettings.DEFAULT_EXPECTED_MAX_CLASSES) {
            counted.put("expected.max.classes", Integer.toString(models.expectedMaxClasses()));
        }
        return config.applicationId() + "-backfill-" + digest(counted.toString());
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
