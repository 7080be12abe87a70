package io.confmon.app;

/**
 * The broker refused to let the monitor's principal create (or list) its topics: a runtime failure
 * (exit 1) whose message names the topic and the ACL that would allow it, as an operator fixes it.
 */
public final class TopicPermissionException extends RuntimeException {
    private TopicPermissionException(String message, Throwable cause) {
        super(message, cause);
    }

    static TopicPermissionException cannotCreate(String topic, Object servers, Throwable cause) {
        return new TopicPermissionException("may not create topic '" + topic + "' at " + servers + " (" + cause.getMessage() + "). "
                + "Grant the monitor's principal CREATE on the topic (or on the cluster), e.g. "
                + "kafka-acls.sh --bootstrap-server " + servers + " --add --allow-principal User:PRINCIPAL --operation Create --topic "
                + topic + "; or create the topic yourself and start again.", cause);
    }

    static TopicPermissionException cannotList(Object servers, Throwable cause) {
        return new TopicPermissionException("may not list the topics at " + servers + " (" + cause.getMessage() + "). "
                + "Grant the monitor's principal DESCRIBE on its topics, e.g. kafka-acls.sh --bootstrap-server " + servers
                + " --add --allow-principal User:PRINCIPAL --operation Describe --topic TOPIC.", cause);
    }
}
