package deepdrill.grader.runner;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The check JVM's main class, and the only grader class on its system class path (which otherwise
 * holds the learner's libraries: ND4J and what it needs). It loads the grader (checks, oracles,
 * DJL, JUnit) in a class loader of its own and hands over to {@link ChildMain}.
 *
 * <p>Why: the learner's classes are loaded by a loader whose parent is the system class loader, so
 * learner code that asks for a grader class by name ({@code Class.forName}, the system class
 * loader) does not find it. It depends on nothing but the JDK, because it is copied alone into a
 * directory of its own ({@link ChildClassPath}).
 */
public final class ChildBoot {

    /** The system property with the grader's class path, separated by {@link File#pathSeparator}. */
    static final String GRADER_CLASS_PATH = "deepdrill.grader.classpath";

    private ChildBoot() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty(GRADER_CLASS_PATH, "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        System.clearProperty(GRADER_CLASS_PATH);
        ClassLoader grader = new URLClassLoader("deepdrill-grader", urls.toArray(URL[]::new),
                ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(grader);
        Method main = Class.forName("deepdrill.grader.runner.ChildMain", true, grader).getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }
}
