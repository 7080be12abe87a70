package io.confmon.http;

/** A query the API cannot answer as asked: 400 with a message that says what to fix. */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message);
    }
}
