package deepdrill.grader.runner;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Loads one run's exercise classes, and the check classes that call them, fresh, in a warm child
 * JVM: the learner's classes change between runs, and a check linked against last run's classes
 * would test old code. Everything else (the grader's support code, the data sets, ND4J, DJL, JUnit)
 * comes from the parent loader and stays warm.
 */
final class ExerciseClassLoader extends URLClassLoader {

    ExerciseClassLoader(Path exerciseClasses, Path graderClasses, ClassLoader parent) {
        super(new URL[] {url(exerciseClasses), url(graderClasses)}, parent);
    }

    /**
     * Exercise classes and check classes are loaded here first; the rest is shared. The data sets
     * ({@code deepdrill.datasets}) live in their own jar, on the parent's class path only.
     */
    static boolean loadedPerRun(String name) {
        return name.startsWith("deepdrill.grader.checks.week")
                || (name.startsWith("deepdrill.") && !name.startsWith("deepdrill.grader.")
                        && !name.startsWith("deepdrill.datasets."));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!loadedPerRun(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private static URL url(Path dir) {
        try {
            return dir.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(dir.toString(), e);
        }
    }
}
