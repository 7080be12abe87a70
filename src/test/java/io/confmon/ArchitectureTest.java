package io.confmon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (the README's "How it works" draws them): the matrix math and the
 * rendering are plain Java that know nothing of Kafka, metrics or HTTP; no package cycles; the
 * tools ({@code demo}, {@code broker}, {@code bench}) are used only by the command line and each
 * other, never by the monitor; nothing depends on the command line.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.confmon");

    private static final String[] TOOLS = {"io.confmon.demo..", "io.confmon.broker..", "io.confmon.bench.."};

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

    @Test
    void noPackageCycles() {
        slices().matching("io.confmon.(*)..").should().beFreeOfCycles()
                .check(MAIN);
    }

    /**
     * The README's package diagram, top to bottom: each package uses only packages below it (the
     * tools, marked there, also obey {@link #onlyTheCommandLineUsesTheTools}). Same known edge as above.
     */
    @Test
    void packagesUseOnlyThePackagesBelowThem() {
        String[][] layers = {{"cli"}, {"bench"}, {"tf"}, {"metrics"}, {"app"}, {"http"}, {"view"}, {"topology"}, {"evaluate"},
            {"event"}, {"demo", "broker"}, {"render"}, {"matrix", "json", "avro", "time"}};
        Architectures.LayeredArchitecture rule = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] layer : layers) {
            rule = rule.layer(String.join("+", layer)).definedBy(Arrays.stream(layer).map(p -> "io.confmon." + p + "..").toArray(String[]::new));
        }
        for (int i = 0; i < layers.length; i++) {
            String name = String.join("+", layers[i]);
            if (i == 0) {
                rule = rule.whereLayer(name).mayNotBeAccessedByAnyLayer();
            } else {
                String[] above = Arrays.stream(layers, 0, i).map(l -> String.join("+", l)).toArray(String[]::new);
                rule = rule.whereLayer(name).mayOnlyBeAccessedByLayers(above);
            }
        }
        rule.check(MAIN);
    }

    @Test
    void onlyTheCommandLineUsesTheTools() {
        noClasses().that().resideOutsideOfPackages("io.confmon.cli..", "io.confmon.demo..", "io.confmon.broker..", "io.confmon.bench..")
                .should().dependOnClassesThat().resideInAnyPackage(TOOLS)
                .check(MAIN);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.confmon.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.confmon.cli..")
                .check(MAIN);
    }
}
