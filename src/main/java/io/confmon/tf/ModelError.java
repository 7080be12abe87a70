package io.confmon.tf;

/**
 * A problem the user fixes: a missing or unreadable model, a {@code .npy} file of the wrong kind, a
 * shape that does not fit the model's signature, TensorFlow not installed. The message says what is
 * wrong and where; the command line answers it with exit code 2.
 */
public class ModelError extends RuntimeException {
    public ModelError(String message) {
        super(message);
    }

    public ModelError(String message, Throwable cause) {
        super(message, cause);
    }
}
