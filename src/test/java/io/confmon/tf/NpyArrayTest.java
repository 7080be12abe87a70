package io.confmon.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NpyArrayTest {
    @TempDir
    Path dir;

    private static final double[] VALUES = {0, 1.5, -2.25, 3, 4, 5};

    @ParameterizedTest
    @CsvSource({"<f4,1", "<f8,1", "<i4,1", "<i8,1", "<f4,2", "<f8,3", ">f8,1", ">i4,2"})
    void readsEachDtypeVersionAndByteOrder(String descr, int version) throws IOException {
        double[] values = descr.contains("i") ? new double[] {0, 1, -2, 3, 4, 5} : VALUES;
        Path f = NpyFiles.write(dir.resolve("a.npy"), descr, new long[] {3, 2}, values, version, false);
        NpyArray a = NpyArray.read(f);
        assertThat(a.shape()).containsExactly(3, 2);
        assertThat(a.rows()).isEqualTo(3);
        assertThat(a.rowSize()).isEqualTo(2);
        double[] row = new double[4];
        a.copyRows(1, 2, row);
        assertThat(row).containsExactly(values[2], values[3], values[4], values[5]);
        assertThat(a.isInteger()).isEqualTo(descr.contains("i"));
    }

    @Test
    void oneDimensionalArray() throws IOException {
        NpyArray a = NpyArray.read(NpyFiles.write(dir.resolve("y.npy"), "<i8", new long[] {4}, new double[] {3, 1, 0, 2}));
        assertThat(a.rows()).isEqualTo(4);
        assertThat(a.rowShape()).isEmpty();
        assertThat(a.rowSize()).isEqualTo(1);
        assertThat(a.doubleAt(0)).isEqualTo(3);
    }

    @Test
    void fortranOrderIsAClearError() throws IOException {
        Path f = NpyFiles.write(dir.resolve("f.npy"), "<f8", new long[] {3, 2}, VALUES, 1, true);
        assertThatThrownBy(() -> NpyArray.read(f)).isInstanceOf(ModelError.class).hasMessageContaining("Fortran order")
                .hasMessageContaining("ascontiguousarray");
    }

    @Test
    void unsupportedDtypeNamesIt() throws IOException {
        Path f = NpyFiles.write(dir.resolve("u.npy"), "<f4", new long[] {3, 2}, VALUES);
        byte[] b = Files.readAllBytes(f);
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'<f4'", "'<u4'");
        Files.write(f, s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> NpyArray.read(f)).isInstanceOf(ModelError.class).hasMessageContaining("'<u4' is not supported");
    }

    @Test
    void truncatedDataSaysHowMuchIsMissing() throws IOException {
        Path f = NpyFiles.write(dir.resolve("t.npy"), "<f8", new long[] {3, 2}, VALUES);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 8));
        assertThatThrownBy(() -> NpyArray.read(f)).isInstanceOf(ModelError.class).hasMessageContaining("needs 48");
    }

    @Test
    void notNpyAndMissingFile() throws IOException {
        Path f = dir.resolve("x.npy");
        Files.writeString(f, "hello world, not numpy");
        assertThatThrownBy(() -> NpyArray.read(f)).hasMessageContaining("not a .npy file");
        assertThatThrownBy(() -> NpyArray.read(dir.resolve("none.npy"))).hasMessageContaining("no such file");
    }
}
