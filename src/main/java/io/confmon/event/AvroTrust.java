package io.confmon.event;

/**
 * Avro 1.12.1 and later refuse to instantiate generated classes whose package is not listed in
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}; the property must be set before Avro reads it,
 * which is when its specific-data classes first load.
 */
final class AvroTrust {
    static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

    private AvroTrust() {}

    static void trustConfmonSchemas() {
        String current = System.getProperty(PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(PROPERTY, "java.lang,java.util,java.math,io.confmon.avro");
        } else if (!current.contains("io.confmon")) {
            System.setProperty(PROPERTY, current + ",io.confmon.avro");
        }
    }
}
