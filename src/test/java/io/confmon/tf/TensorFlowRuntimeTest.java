package io.confmon.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where TensorFlow's jars are looked for, and what a user reads when they are not there. */
class TensorFlowRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void aMissingLibraryDirectorySaysHowToInstallIt() {
        String before = System.getProperty("confmon.tf.lib");
        System.setProperty("confmon.tf.lib", dir.resolve("absent").toString());
        try {
            assertThatThrownBy(TensorFlowRuntime::libraryDir).isInstanceOf(ModelError.class)
                    .hasMessageContaining("TensorFlow Java is not installed").hasMessageContaining("absent")
                    .hasMessageContaining("target/tf-lib").hasMessageContaining("CONFMON_TF_LIB");
        } finally {
            if (before == null) System.clearProperty("confmon.tf.lib");
            else System.setProperty("confmon.tf.lib", before);
        }
    }

    @Test
    void theConfiguredDirectoryWins() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        System.setProperty("confmon.tf.lib", lib.toString());
        try {
            assertThat(TensorFlowRuntime.libraryDir()).isEqualTo(lib);
        } finally {
            System.clearProperty("confmon.tf.lib");
        }
    }
}
