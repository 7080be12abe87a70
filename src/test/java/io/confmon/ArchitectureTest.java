package io.confmon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: the matrix math and the rendering are plain Java that know nothing of Kafka, metrics or HTTP. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.confmon");

    @Test
    void matrixIsPlainJava() {
        noClasses().that().resideInAPackage("io.confmon.matrix..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "io.confmon.matrix..")
                .check(MAIN);
    }

    @Test
    void renderKnowsOnlyTheMatrixAndJava2D() {
        noClasses().that().resideInAPackage("io.confmon.render..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "javax..", "org.jfree.svg..",
                        "io.confmon.matrix..", "io.confmon.render..")
                .check(MAIN);
    }

    @Test
    void eventDecodingKnowsNothingOfKafkaStreamsOrHttp() {
        noClasses().that().resideInAnyPackage("io.confmon.event..", "io.confmon.evaluate..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams..", "io.micrometer..", "com.sun.net.httpserver..")
                .check(MAIN);
    }
}
