package io.confmon.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime ({@code app}) starts the HTTP server and hands it what to read; {@code http} knows
 * nothing of the runtime, the CLI or the metrics binder, so the two do not import each other.
 */
class HttpLayeringTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.confmon");

    @Test
    void httpDoesNotDependOnTheRuntimeOrTheCommands() {
        noClasses().that().resideInAPackage("io.confmon.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.confmon.app..", "io.confmon.cli..", "io.confmon.metrics..",
                        "io.confmon.bench..", "io.confmon.demo..")
                .check(MAIN);
    }

    @Test
    void appAndHttpFormNoCycle() {
        slices().matching("io.confmon.(app|http)..").should().beFreeOfCycles().check(MAIN);
    }
}
