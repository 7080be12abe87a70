package io.confmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists exactly the keys of {@link ConfigKeys}: a key added to one must be added to the other. */
class ConfigReadmeTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void readmeTableListsEveryKeyOfTheTableAndNoOther() throws Exception {
        assertThat(new TreeSet<>(readmeKeys())).isEqualTo(new TreeSet<>(ConfigKeys.described()));
    }

    /** The first column of the table under "### Configuration": every `key` in it. */
    private static List<String> readmeKeys() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf("### Configuration");
        assertThat(start).as("README has a '### Configuration' section").isNotNegative();
        List<String> keys = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) break;
            if (!line.startsWith("| `")) continue;
            Matcher m = CODE.matcher(line.split("\\|")[1]);
            while (m.find()) keys.add(m.group(1));
        }
        return keys;
    }
}
