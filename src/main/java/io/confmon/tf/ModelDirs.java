package io.confmon.tf;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The model directories {@code --model} names: each value a directory or a glob over the last path
 * element ({@code ckpt/epoch-*}), expanded in natural order (epoch-2 before epoch-10) so that
 * checkpoints become TensorBoard steps in training order.
 */
public final class ModelDirs {
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private ModelDirs() {}

    public static List<Path> expand(List<String> values) {
        List<Path> dirs = new ArrayList<>();
        for (String value : values) {
            Path path = Path.of(value);
            Path name = path.getFileName();
            if (name == null || !isGlob(name.toString())) {
                dirs.add(path);
                continue;
            }
            Path parent = path.getParent() != null ? path.getParent() : Path.of(".");
            if (isGlob(parent.toString())) throw new ModelError("--model " + value + ": only the last path element may be a glob");
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
            List<Path> matched;
            try (Stream<Path> children = Files.list(parent)) {
                matched = children.filter(p -> matcher.matches(p.getFileName()) && Files.isDirectory(p))
                        .sorted(Comparator.comparing(p -> p.getFileName().toString(), ModelDirs::naturalCompare))
                        .toList();
            } catch (IOException e) {
                throw new ModelError("--model " + value + ": cannot list " + parent + ": " + e.getMessage(), e);
            }
            if (matched.isEmpty()) throw new ModelError("--model " + value + ": no directory matches");
            dirs.addAll(matched);
        }
        return dirs;
    }

    private static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** Compares runs of digits by value and the rest by code point. */
    static int naturalCompare(String a, String b) {
        Matcher ma = NUMBER.matcher(a);
        Matcher mb = NUMBER.matcher(b);
        int ia = 0;
        int ib = 0;
        while (ia < a.length() && ib < b.length()) {
            boolean da = Character.isDigit(a.charAt(ia));
            boolean db = Character.isDigit(b.charAt(ib));
            if (da && db && ma.find(ia) && mb.find(ib)) {
                int c = new java.math.BigInteger(ma.group()).compareTo(new java.math.BigInteger(mb.group()));
                if (c != 0) return c;
                ia = ma.end();
                ib = mb.end();
            } else {
                int c = Character.compare(a.charAt(ia), b.charAt(ib));
                if (c != 0) return c;
                ia++;
                ib++;
            }
        }
        return Integer.compare(a.length() - ia, b.length() - ib);
    }
}
