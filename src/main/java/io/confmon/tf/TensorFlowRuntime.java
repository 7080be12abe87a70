package io.confmon.tf;

import java.io.IOException;

import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds TensorFlow Java and hands out the {@link TensorFlowBackend}, only when a command asks for a
 * model or a TensorBoard log directory: its jars (160 MB of native library) are not in
 * {@code confmon.jar}, so {@code run}, {@code demo} and {@code evaluate --input} never load them.
 *
 * <p>Where TensorFlow is already on the class path (tests, an IDE), it is used as it is. Otherwise
 * the jars of {@code tf-lib/} next to {@code confmon.jar} (what {@code mvn package} copies there),
 * or of the directory in {@code CONFMON_TF_LIB} / {@code -Dconfmon.tf.lib}, are opened in a child
 * class loader that loads the {@code io.confmon.tf.engine} classes itself (child first), so that
 * they see TensorFlow while the rest of confmon sees only this package's interfaces.
 */
public final class TensorFlowRuntime {
    static final String ENGINE_PACKAGE = "io.confmon.tf.engine.";
    private static final String ENGINE_CLASS = ENGINE_PACKAGE + "TensorFlowEngine";
    private static final String TF_PROBE_CLASS = "org.tensorflow.TensorFlow";

    private static TensorFlowBackend loaded;

    private TensorFlowRuntime() {}

    /** The backend, loading TensorFlow the first time; a {@link ModelError} says how to install it when absent. */
    public static synchronized TensorFlowBackend backend() {
        if (loaded == null) loaded = load();
        return loaded;
    }

    private static TensorFlowBackend load() {
        ClassLoader own = TensorFlowRuntime.class.getClassLoader();
        ClassLoader engineLoader = onClassPath(own) ? own : childLoader(own);
        try {
            return (TensorFlowBackend) Class.forName(ENGINE_CLASS, true, engineLoader).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ModelError("TensorFlow Java could not be loaded: " + e, e);
        }
    }

    private static boolean onClassPath(ClassLoader loader) {
        try {
            Class.forName(TF_PROBE_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static ClassLoader childLoader(ClassLoader parent) {
        Path dir = libraryDir();
        List<URL> urls = new ArrayList<>();
        urls.add(ownCodeSource());
        try (Stream<Path> jars = Files.list(dir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) urls.add(jar.toUri().toURL());
        } catch (IOException e) {
            throw new ModelError("cannot list TensorFlow's jars in " + dir + ": " + e.getMessage(), e);
        }
        if (urls.size() == 1) throw missing(dir);
        return new EngineFirstLoader(urls.toArray(URL[]::new), parent);
    }

    /** The directory of TensorFlow's jars: the setting, or tf-lib/ next to confmon.jar. */
    static Path libraryDir() {
        String configured = System.getProperty("confmon.tf.lib", System.getenv("CONFMON_TF_LIB"));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (!Files.isDirectory(dir)) throw missing(dir);
            return dir;
        }
        Path code;
        try {
            code = Path.of(ownCodeSource().toURI());
        } catch (URISyntaxException e) {
            throw new ModelError("cannot tell where confmon.jar is: " + e.getMessage(), e);
        }
        // confmon.jar -> its directory; target/classes (run from the build) -> target.
        Path dir = code.getParent().resolve("tf-lib");
        if (!Files.isDirectory(dir)) throw missing(dir);
        return dir;
    }

    private static URL ownCodeSource() {
        return TensorFlowRuntime.class.getProtectionDomain().getCodeSource().getLocation();
    }

    private static ModelError missing(Path dir) {
        return new ModelError("TensorFlow Java is not installed: --model, --tensorboard, 'confmon score' and "
                + "tensorboard.logdir need its jars in " + dir + " (mvn package copies them to target/tf-lib/; "
                + "or point CONFMON_TF_LIB at a directory holding tensorflow-core-api, tensorflow-core-native "
                + "(linux-x86_64), ndarray, javacpp and protobuf-java jars)");
    }

    /** Loads the engine package itself (it must see TensorFlow), everything else parent first. */
    private static final class EngineFirstLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        EngineFirstLoader(URL[] urls, ClassLoader parent) {
            super("confmon-tensorflow", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(ENGINE_PACKAGE)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) c = findClass(name);
                if (resolve) resolveClass(c);
                return c;
            }
        }
    }

}
