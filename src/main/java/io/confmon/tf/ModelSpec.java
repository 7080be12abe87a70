package io.confmon.tf;

import java.nio.file.Path;

/**
 * Which SavedModel to load and which of its tensors to use.
 *
 * @param signature  the signature key (serving_default unless told)
 * @param inputName  the signature's input to feed; null when the signature has exactly one
 * @param outputName the signature's output to read; null when the signature has exactly one
 */
public record ModelSpec(Path dir, String signature, String inputName, String outputName) {
    public static final String SERVING_DEFAULT = "serving_default";

    public static ModelSpec of(Path dir) {
        return new ModelSpec(dir, SERVING_DEFAULT, null, null);
    }
}
